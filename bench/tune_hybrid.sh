#!/usr/bin/env bash
# Tunes hybrid search (-rescoring, -rescoring_weight; 50 candidates) on compounds the model was NOT trained
# on: the validation compounds SpecEmbeddingTrainer held out of train.msp (-validation_fraction 0.1,
# -seed 42, as scripts/train-default-model.sh). From them it builds the dev tasks' twins:
#   replicate: per compound with >= 2 spectra, its first spectrum queries all other spectra;
#   cross-lab: per compound from >= 2 labs (DB# second part), its first spectrum queries a library
#              without that compound's spectra from the query's lab.
# Prints top-1/5/10 per setting. Usage: bench/tune_hybrid.sh MODEL [SHARED_DIR] [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
EVALUATE_WIDTHS="10 72"
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"

"$build/bin/validation_compounds" "$data/train.msp" 0.1 42 2>/dev/null > "$work/keys.txt"
awk -v out="$work" 'BEGIN { RS = ""; ORS = "\n\n" }
  FNR == NR { for (i = 1; i <= NF; ++i) held[$i] = 1; next }
  {
    key = ""; lab = ""
    n = split($0, lines, "\n")
    for (i = 1; i <= n; ++i) {
      if (lines[i] ~ /^InChIKey:/) { key = substr(lines[i], index(lines[i], ":") + 1); gsub(/^ +/, "", key); key = substr(key, 1, 14) }
      if (lines[i] ~ /^DB#:/) { split(lines[i], parts, "-"); lab = parts[2] }
    }
    if (!(key in held)) next
    ++count; record[count] = $0; key_of[count] = key; lab_of[count] = lab
    spectra[key]++
    if (!((key, lab) in seen)) { seen[key, lab] = 1; labs[key]++ }
    if (!(key in first)) first[key] = count
  }
  END {
    for (i = 1; i <= count; ++i) {
      k = key_of[i]
      if (spectra[k] >= 2 && first[k] == i) print record[i] > (out "/replicate_query.msp"); else print record[i] > (out "/replicate_ref.msp")
      if (labs[k] >= 2 && first[k] == i) print record[i] > (out "/xlab_query.msp")
      else if (!(labs[k] >= 2 && lab_of[i] == lab_of[first[k]])) print record[i] > (out "/xlab_ref.msp")
    }
  }' "$work/keys.txt" "$data/train.msp"

evaluate_header
for task in replicate xlab; do
  evaluate $task "$work/${task}_query.msp" "$work/${task}_ref.msp"
  for scoring in entropy cosine; do
    for weight in 0.1 0.3 0.5 0.7; do
      evaluate $task "$work/${task}_query.msp" "$work/${task}_ref.msp" -rescoring $scoring -rescoring_weight $weight
    done
  done
done
