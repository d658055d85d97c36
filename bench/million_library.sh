#!/usr/bin/env bash
# Libraries of a million spectra. The library: every MassBank spectrum under SHARED_DIR/data (both ion
# modes, all files), then augmented copies of them (the trainer's Augmenter, bench/augmented_library) up to
# ENTRIES. The queries: the dev queries of both modes and augmented copies, QUERIES in all.
# It prints: the default model's embedding throughput; building the library in 2 shards (two jobs at once,
# one thread each) joined by -merge_libraries with float16 embeddings and the approximate index; file
# size; load time (memory-mapped) against a small library's; and for exact, precursor-filtered (10 ppm)
# and approximate (-search_index ann) top-10 search: wall time, search time (the run minus an embedding-only
# run of the same queries) and peak memory, with the approximate search's recall@10 against exact.
# Usage: bench/million_library.sh [MODEL] [SHARED_DIR] [BUILD_DIR]; ENTRIES (1000000), QUERIES (10000),
# PROBES (32), WORK_DIR (default a temporary folder; the library takes about 1.5 GB).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
default_model=$here/share/SpecEmbedding/models/default.model
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"
entries=${ENTRIES:-1000000} queries=${QUERIES:-10000} probes=${PROBES:-32}
out=${WORK_DIR:-$work}
mkdir -p "$out"
threads=$(nproc)
annotator=$build/bin/SpecEmbeddingAnnotator

# timed NAME COMMAND...: runs the command under /usr/bin/time; sets seconds and peak_mb.
timed() {
  local name=$1; shift
  /usr/bin/time -v "$@" > "$out/$name.log" 2> "$out/$name.time" || { cat "$out/$name.log" "$out/$name.time"; exit 1; }
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + t[i]; print s }' "$out/$name.time")
  peak_mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$out/$name.time")
}

echo "Model $(basename "$model"), $threads threads; matrix products: $("$build/bin/matmul_rate" 1 | head -1)"
sources=("$shared"/data/massbank/*.msp "$shared"/data/massbank-negative/*.msp)
"$build/bin/augmented_library" "$out/library.mgf" "$entries" 1 "${sources[@]}" 2> "$out/augment.log"
"$build/bin/augmented_library" "$out/queries.mgf" "$queries" 2 "$shared/data/massbank/dev_query.msp" \
  "$shared/data/massbank-negative/dev_query.msp" 2>> "$out/augment.log"
cat "$out/augment.log"

start=$SECONDS
for shard in 0 1; do
  /usr/bin/time -v "$annotator" -no_progress -threads 1 -model "$model" -database "$out/library.mgf" -library_shards 2 -library_shard $shard \
    -library_precision float16 -out_library "$out/shard$shard.selib" > "$out/shard$shard.log" 2> "$out/shard$shard.time" &
done
wait
embed_seconds=$((SECONDS - start))
rate=$(grep -h -o "([0-9.]* spectra/s" "$out"/shard?.log | tr -d '(' | awk '{ s += $1 } END { printf "%.0f", s }')
shard_mb=$(awk -F': ' '/Maximum resident set size/ { if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$out"/shard?.time)
timed merge "$annotator" -no_progress -threads "$threads" -model "$model" -merge_libraries "$out/shard0.selib" "$out/shard1.selib" \
  -search_index ann -out_library "$out/library.selib"
merge_seconds=$seconds merge_mb=$peak_mb
echo
echo "Building a library of $entries spectra"
echo "  embedding throughput of the model: $rate spectra/s (two shards at 1 thread each, summed)"
echo "  2 shards at once: ${embed_seconds} s wall, peak memory $shard_mb MB per shard job"
echo "  merging them with float16 embeddings and the approximate index: ${merge_seconds} s, peak memory $merge_mb MB ($(grep -o 'Built the approximate.*' "$out/merge.log"))"
echo "  library file: $(du -m "$out/library.selib" | cut -f1) MB"

# The small library: the queries themselves, embedded.
"$annotator" -no_progress -threads "$threads" -model "$model" -database "$out/queries.mgf" -library_precision float16 \
  -out_library "$out/small.selib" > "$out/small.log" 2>&1
head -c 2000 "$out/queries.mgf" | awk '/END IONS/ { print; exit } { print }' > "$out/one.mgf"
echo
echo "Loading (memory-mapped, structure checked; the log's figure):"
for library in small library; do
  "$annotator" -no_progress -threads "$threads" -model "$model" -in "$out/one.mgf" -database "$out/$library.selib" -out_tsv "$out/one.tsv" > "$out/load_$library.log" 2>&1
  echo "  $library.selib ($(du -m "$out/$library.selib" | cut -f1) MB): $(grep -o 'in [0-9.e-]* s, memory-mapped' "$out/load_$library.log")"
done

timed embed_only "$annotator" -no_progress -threads "$threads" -model "$model" -in "$out/queries.mgf" -out_embeddings "$out/embeddings.tsv"
embed_only=$seconds
echo
echo "Top-10 search of $queries queries against $entries spectra, $threads threads (embedding the queries alone: ${embed_only} s)"
printf "  %-34s %8s %10s %9s\n" search "wall s" "search s" "peak MB"
search() {
  local name=$1; shift
  timed "$name" "$annotator" -no_progress -threads "$threads" -model "$model" -in "$out/queries.mgf" -database "$out/library.selib" \
    -top_k 10 -out_tsv "$out/$name.tsv" "$@"
  printf "  %-34s %8.1f %10.1f %9d\n" "$name $*" "$seconds" "$(echo "$seconds - $embed_only" | bc -l)" "$peak_mb"
}
search exact -search_index exact
search filtered -search_index exact -precursor_mass_tolerance 10
search ann -search_index ann -ann_probes "$probes"
/usr/bin/python3 - "$out/exact.tsv" "$out/ann.tsv" <<'PYTHON'
import csv, sys
def hits(path):
    found = {}
    with open(path) as tsv:
        for row in csv.DictReader(tsv, delimiter='\t'):
            found.setdefault(row['query_index'], set()).add(row['library_index'])
    return found
exact, approximate = hits(sys.argv[1]), hits(sys.argv[2])
recall = sum(len(exact[q] & approximate.get(q, set())) for q in exact) / sum(len(exact[q]) for q in exact)
print(f"  approximate recall@10 against exact: {recall:.4f} over {len(exact)} queries")
PYTHON
