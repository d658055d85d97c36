#!/usr/bin/env bash
# Open-world search: queries whose compound may or may not be in the library, as in a real run, and how far
# a user can trust the hits. The dev task: the library is dev_ref.msp + train.msp without the spectra of half
# of the dev compounds (drawn with a fixed seed), and every query of dev_query.msp searches it. Its twin on the
# compounds the model was validated on (never dev): the first spectrum of each held-out compound with two or
# more spectra searches the training spectra plus the other spectra of half of these compounds. For the
# tools' default search (learned re-scoring), the embedding alone (with decoys: q-values) and hybrid search, and for spectral entropy with and
# without a 20 ppm filter, it prints: the top-1 hit ratio of the known half; how many of the unknown half still get a top-1
# hit above each score; the precision and recall of "the top-1 hit is the query's compound" against the
# score; the calibration of the hits' confidence (reliability diagram, expected calibration error); and the
# estimated (q-value, by target-decoy competition and from the confidence) against the true FDR. Plots and tables go to OUT_DIR (default
# build/open-world/<model name>).
# Usage: bench/open_world.sh MODEL [SHARED_DIR] [BUILD_DIR]; MODES: "positive" by default (or "positive negative");
# TASKS: "validation dev" by default; DECOY_METHOD: the Annotator's -decoy_method (isomer_like by default, as the Annotator's).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"
out_dir=${OUT_DIR:-$here/build/open-world/$(basename "$model" .model)}
threads=$(nproc)

# search TASK_DIR: all searches of TASK_DIR/query.msp against TASK_DIR/library.msp.
search() {
  local dir=$1
  annotate() { "$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$threads" -model "$model" -in "$dir/query.msp" -top_k 1 "$@" >/dev/null; }
  annotate -database "$dir/library.msp" -decoys -decoy_method "${DECOY_METHOD:-isomer_like}" -out_library "$dir/library.selib" \
    -out_tsv "$dir/default.tsv"
  annotate -database "$dir/library.selib" -q_values confidence -out_tsv "$dir/default_confidence_q.tsv"
  annotate -database "$dir/library.selib" $EMBEDDING_ALONE -out_tsv "$dir/embedding.tsv"
  annotate -database "$dir/library.selib" $EMBEDDING_ALONE -q_values confidence -out_tsv "$dir/embedding_confidence_q.tsv"
  annotate -database "$dir/library.selib" -rescoring entropy -analog_hits 0 -out_tsv "$dir/hybrid.tsv"
  annotate -database "$dir/library.selib" -rescoring entropy -analog_hits 0 -q_values confidence -out_tsv "$dir/hybrid_confidence_q.tsv"
  rm "$dir/library.selib"
  THREADS=$threads "$build/bin/spectral_search" entropy "$dir/query.msp" "$dir/library.msp" > "$dir/entropy.hits"
  THREADS=$threads "$build/bin/spectral_search" entropy "$dir/query.msp" "$dir/library.msp" 20ppm > "$dir/entropy_20ppm.hits"
}

# keys_of FILE: the first InChIKey blocks of the file's records, one per line, in file order.
keys_of() { awk -F': *' '/^InChIKey:/ { print substr($2, 1, 14) }' "$1"; }

held_out_keys "$work/held_out.txt"
for mode in ${MODES:-positive}; do
  data=$(mode_data "$mode")
  echo "######## $mode mode ($data), model $(basename "$model")"
  # dev: half of the dev compounds (seed 1, by sorted key) leave the library.
  mkdir -p "$work/$mode/dev" "$work/$mode/validation"
  keys_of "$data/dev_query.msp" | sort -u | /usr/bin/python3 -c '
import random, sys
keys = sorted(line.strip() for line in sys.stdin if line.strip())
random.Random(1).shuffle(keys)
print("\n".join(keys[: len(keys) // 2]))' > "$work/$mode/dev/removed.txt"
  cp "$data/dev_query.msp" "$work/$mode/dev/query.msp"
  awk 'BEGIN { RS = ""; ORS = "\n\n" } FNR == NR { removed[$1] = 1; next }
       { key = ""; n = split($0, lines, "\n")
         for (i = 1; i <= n; ++i) if (lines[i] ~ /^InChIKey:/) { key = substr(lines[i], index(lines[i], ":") + 1); gsub(/^ +/, "", key); key = substr(key, 1, 14) }
         if (!(key in removed)) print }' RS='\n' "$work/$mode/dev/removed.txt" RS='' "$data/dev_ref.msp" "$data/train.msp" \
    > "$work/$mode/dev/library.msp"
  # validation twin, built like dev and like the trainer's own twin (fitConfidence): the first spectrum of each
  # held-out compound with >= 2 spectra queries, and half of these compounds (seed 1) keep their other
  # spectra in the library; the spectra of the other held-out compounds join the library.
  awk -v dir="$work/$mode/validation" 'BEGIN { RS = ""; ORS = "\n\n"; srand(1) } FNR == 1 { ++file }
       file == 1 { held[$1] = 1; next }
       { key = ""; n = split($0, lines, "\n")
         for (i = 1; i <= n; ++i) if (lines[i] ~ /^InChIKey:/) { key = substr(lines[i], index(lines[i], ":") + 1); gsub(/^ +/, "", key); key = substr(key, 1, 14) } }
       file == 2 { if (key in held) ++spectra[key]; next }
       !(key in held) || spectra[key] < 2 { print > (dir "/library.msp"); next }
       !(key in seen) { seen[key] = 1; known[key] = rand() < 0.5; print > (dir "/query.msp"); next }
       known[key] { print > (dir "/library.msp") }' RS='\n' "$work/held_out.txt" RS='' "$data/train.msp" "$data/train.msp"
  for task in ${TASKS:-validation dev}; do
    search "$work/$mode/$task"
    /usr/bin/python3 "$here/bench/open_world.py" "$work/$mode/$task" "$out_dir/$mode" "$task"
  done
done
