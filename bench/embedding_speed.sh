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
