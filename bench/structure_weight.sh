#!/usr/bin/env bash
# The structure head's share w of the search score (SpecEmbeddingTrainer -architecture:structure_weight, or
# -calibrate MODEL -structure_weight w afterwards) against identity and analog search, on the validation twins
# (the compounds the model was validated on, never dev): per w, the large-library twin's top-1 (each held-out
# compound's first spectrum searches its other spectra among all training spectra) and the analog twin's
# top-1 Tanimoto (each held-out compound's first spectrum searches the training spectra alone). One
# embedding of each set serves every w: a model's output holds both heads' unit embeddings.
# Usage: bench/structure_weight.sh MODEL [SHARED_DIR] [BUILD_DIR]; MODES: "positive negative" by default
# (each needs the model to have been trained on that mode's train.msp).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"

for mode in ${MODES:-positive negative}; do
  data=$(mode_data "$mode")
  write_validation_tasks
  mkdir -p "$work/$mode"
  write_analog_twin "$work/$mode"
  mv "$work/replicate_ref.msp" "$work/$mode/replicate_ref.msp"
  for set in validation_query replicate_ref validation_library; do
    "$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$(nproc)" -model "$model" -in "$work/$mode/$set.msp" \
      -out_embeddings "$work/$mode/$set.embeddings.tsv" >/dev/null
  done
  echo "######## $mode mode, model $(basename "$model")"
  /usr/bin/python3 "$here/bench/structure_weight.py" "$model" "$work/$mode"
done
