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
  # first spectrum of every held-out compound (replicate_query.msp holds those with two or more)
  awk 'BEGIN { RS = ""; ORS = "\n\n" } FNR == NR { held[$1] = 1; next }
       { key = ""; n = split($0, lines, "\n")
         for (i = 1; i <= n; ++i) if (lines[i] ~ /^InChIKey:/) { key = substr(lines[i], index(lines[i], ":") + 1); gsub(/^ +/, "", key); key = substr(key, 1, 14) }
         if ((key in held) && !(key in seen)) { seen[key] = 1; print } }' RS='\n' "$work/keys.txt" RS='' "$data/train.msp" \
    > "$work/$mode/first.msp"
  awk 'BEGIN { RS = ""; ORS = "\n\n" } FNR == NR { held[$1] = 1; next }
       { key = ""; n = split($0, lines, "\n")
         for (i = 1; i <= n; ++i) if (lines[i] ~ /^InChIKey:/) { key = substr(lines[i], index(lines[i], ":") + 1); gsub(/^ +/, "", key); key = substr(key, 1, 14) }
         if (!(key in held)) print }' RS='\n' "$work/keys.txt" RS='' "$data/train.msp" > "$work/$mode/training.msp"
  mv "$work/replicate_ref.msp" "$work/$mode/replicate_ref.msp"
  for set in first replicate_ref training; do
    "$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$(nproc)" -model "$model" -in "$work/$mode/$set.msp" \
      -out_embeddings "$work/$mode/$set.embeddings.tsv" >/dev/null
  done
  echo "######## $mode mode, model $(basename "$model")"
  /usr/bin/python3 "$here/bench/structure_weight.py" "$model" "$work/$mode"
done
