#!/usr/bin/env bash
# Inference speed of the reference-size model (512/16/4/512/512): spectra/s embedding all 4,414
# spectra of dev_ref.msp at 1 and 2 threads. Usage: bench/embedding_speed.sh [build dir]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shared=${SHARED_DIR:-$here/../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPENMS_DISABLE_UPDATE_CHECK=ON
"$build/bin/SpecEmbeddingTrainer" -test -import_checkpoint "$shared/fixtures/reference-parity/reference-size/reference_state_dict.ckpt" \
  -out "$work/reference-size.model" >/dev/null
for threads in 1 2; do
  line=$("$build/bin/SpecEmbeddingAnnotator" -test -no_progress -threads $threads -in "$shared/data/massbank/dev_ref.msp" \
    -model "$work/reference-size.model" -out_embeddings "$work/embeddings.tsv" 2>&1 | grep "^Embedded")
  echo "threads=$threads  $line"
done

# What the matrix products could give: the encoder's work per spectrum against LibTorch's GEMM rate.
# Per token the reference-size model multiplies 2*(512*512*2 + 513*512 + 512*512) in the peak embedding
# and 4 layers x 2*(512*1536 + 512*512 + 2*512*512); attention and pooling add little at these lengths.
awk 'BEGIN { RS = ""; FS = "\n" } { n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]/) n++; t = (n > 99 ? 99 : n) + 1; tokens += (t < 100 ? t + 1 : t); spectra++ }
     END { flop = 2 * (512*512*2 + 513*512 + 512*512) + 4 * 2 * (512*1536 + 512*512 + 2*512*512)
           printf "mean tokens computed per spectrum (real + one padding position): %.1f\n", tokens / spectra
           printf "encoder work: %.2f GFLOP per spectrum\n", flop * tokens / spectra / 1e9 }' "$shared/data/massbank/dev_ref.msp"
for threads in 1 2; do "$build/bin/matmul_rate" $threads; done
