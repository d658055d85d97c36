#!/usr/bin/env bash
# Huge query files in bounded memory: peak memory (max RSS) and spectra/s of SpecEmbeddingAnnotator, which
# streams its queries block by block (-spectra_per_block), on a generated MGF of SPECTRA spectra (dev_query.msp
# repeated) and on an mzML made by repeating a real LC-MS/MS run COPIES times, each also at a tenth of its
# size: equal peak memory at both sizes shows that memory does not grow with the input. The library is
# dev_ref.msp; hits go to a TSV and an mzTab.
# Usage: bench/huge_input.sh [MODEL] [SHARED_DIR] [BUILD_DIR]; SPECTRA (default 1000000), COPIES (default 600,
# about 2 GB of mzML), WORK_DIR (default a temporary folder; the inputs are large).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
default_model=$here/share/SpecEmbedding/models/default.model
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"
spectra=${SPECTRA:-1000000} copies=${COPIES:-600}
out=${WORK_DIR:-$work}
mkdir -p "$out"
threads=$(nproc)

# annotate INPUT: one row of the table.
annotate() {
  local input=$1 size
  size=$(du -h "$input" | cut -f1)
  /usr/bin/time -v "$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$threads" -model "$model" -in "$input" \
    -database "$data/dev_ref.msp" -top_k 5 -out_tsv "$out/hits.tsv" -out "$out/hits.mzTab" > "$out/log.txt" 2> "$out/time.txt"
  local queries rss seconds
  queries=$(grep -o "Searched [0-9]* queries" "$out/log.txt" | grep -o "[0-9]*")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$out/time.txt")
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + t[i]; print s }' "$out/time.txt")
  printf "%-34s %8s %10d %12d %10.0f %12.0f\n" "$(basename "$input")" "$size" "$queries" "$rss" "$seconds" "$(echo "$queries / $seconds" | bc -l)"
}

echo "Generating the inputs in $out ..."
/usr/bin/python3 "$here/bench/make_huge_inputs.py" mgf "$data/dev_query.msp" "$((spectra / 10))" "$out/tenth.mgf"
/usr/bin/python3 "$here/bench/make_huge_inputs.py" mgf "$data/dev_query.msp" "$spectra" "$out/huge.mgf"
run=$shared/data/openms-testdata/GNPSExport_mzml1.mzML
/usr/bin/python3 "$here/bench/make_huge_inputs.py" mzml "$run" "$((copies / 10))" "$out/tenth.mzML"
/usr/bin/python3 "$here/bench/make_huge_inputs.py" mzml "$run" "$copies" "$out/huge.mzML"

echo "Model $(basename "$model"), library dev_ref.msp, $threads threads, block of 4096 queries; matrix products: $("$build/bin/matmul_rate" 1 | head -1)"
printf "%-34s %8s %10s %12s %10s %12s\n" input size queries "peak MB" "wall s" "spectra/s"
for input in "$out/tenth.mgf" "$out/huge.mgf" "$out/tenth.mzML" "$out/huge.mzML"; do annotate "$input"; done
rm -f "$out"/tenth.* "$out"/huge.*
