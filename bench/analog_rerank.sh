#!/usr/bin/env bash
# Ways to pick the analog hit other than the best-scoring library spectrum, on the analog task's validation
# twin (each held-out compound's first spectrum against the training compounds' spectra; never dev): the
# mean score over a library compound's spectra, the consensus over the library structures of the top hits
# (the hit with the highest expected Tanimoto to the others, weighted by score), a precursor-difference
# penalty, spectral entropy alone and mixed with the embedding, and (FINGERPRINT_PROBE=1, about 10 min) a
# Morgan fingerprint predicted from the binned spectrum by a small network trained on the training compounds'
# spectra, matched against the library compounds' true fingerprints.
# Usage: bench/analog_rerank.sh MODEL [SHARED_DIR] [BUILD_DIR]; MODES: "positive" by default.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"

held_out_keys "$work/keys.txt"
for mode in ${MODES:-positive}; do
  data=$(mode_data "$mode")
  mkdir -p "$work/$mode"
  write_analog_twin "$work/$mode"
  for set in validation_query validation_library; do
    "$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$(nproc)" -model "$model" -in "$work/$mode/$set.msp" \
      -out_embeddings "$work/$mode/$set.embeddings.tsv" >/dev/null
  done
  THREADS=$(nproc) "$build/bin/spectral_search" entropy "$work/$mode/validation_query.msp" "$work/$mode/validation_library.msp" \
    --matrix > "$work/$mode/entropy.tsv"
  echo "######## $mode mode, model $(basename "$model")"
  /usr/bin/python3 "$here/bench/analog_rerank.py" "$model" "$work/$mode"
done
