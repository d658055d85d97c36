#!/usr/bin/env bash
# Analog search: for queries whose compound is not in the library, how close in structure the best hit is
# (top-1 mean Tanimoto and the shares >= 0.6 / 0.7 / 0.8, Morgan r2 and RDKit fingerprints, 2048 bits),
# for the model's embedding and for spectral entropy and cosine (spectral_search, the project's own
# SpectralSimilarity), each without a precursor filter and inside a +-100 Da window (MS2Query's analog
# protocol), and the Annotator's analog hit (-precursor_mass_tolerance 20 -analog_hits 1: the best hit
# outside the 20 ppm identity window, within 100 Da, by embedding and by modified cosine), beside the best compound in the library (the ceiling) and a random library spectrum. Then mean
# Tanimoto against the share of queries kept when thresholding on the hit's score (TSV and PNG), the
# Pearson correlation of embedding cosine with Tanimoto over pairs of dev compounds balanced over 10
# Tanimoto bins (DreaMS's protocol), and the dev identity top-1/5/10 of the same model.
#
# Tasks, per ion mode: "dev" queries dev_query.msp against train.msp; "validation" is its twin on
# train.msp alone: the first spectrum of each compound the model was validated on (held_out_keys in
# bench/common.sh) against the spectra of the other training compounds. Tune on validation, report dev.
# Usage: bench/analog_search.sh MODEL [SHARED_DIR] [BUILD_DIR]
# MODES (environment): "positive negative" by default; OUT_DIR: where curves go (default
# build/analog-search/<model name>).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"
out_dir=${OUT_DIR:-$here/build/analog-search/$(basename "$model" .model)}
threads=$(nproc)

# best_hits QUERIES LIBRARY OUT [search options]: the Annotator's top-1 per query as analog_search.py reads it.
best_hits() {
  local queries=$1 library=$2 out=$3; shift 3
  "$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$threads" -model "$model" -in "$queries" -database "$library" \
    -top_k 1 -out_tsv "$work/hits.tsv" "$@" >/dev/null
  awk -F'\t' -v kind="${HIT_KIND:-}" 'NR > 1 && (kind == "" || $16 == kind) { print $1 "\t" $7 "\t" $4 }' "$work/hits.tsv" > "$out"
}

# suggested_hits QUERIES LIBRARY OUT [search options]: per query, the structure the tools' default search suggests:
# its hit of highest predicted_similarity (the learned scorer's expected Tanimoto), with that as the score.
suggested_hits() {
  local queries=$1 library=$2 out=$3; shift 3
  "$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$threads" -model "$model" -in "$queries" -database "$library" \
    -out_tsv "$work/hits.tsv" "$@" >/dev/null
  awk -F'\t' 'NR > 1 && $18 != "" && (!($1 in best) || $18 > best[$1]) { best[$1] = $18; entry[$1] = $7 }
    END { for (q in best) print q "\t" entry[q] "\t" best[q] }' "$work/hits.tsv" | sort -n > "$out"
}

# analog_task TASK: all searches of TASK_query.msp against TASK_library.msp in $work/$mode.
analog_task() {
  local task=$1 dir=$work/$mode
  best_hits "$dir/${task}_query.msp" "$dir/${task}_library.msp" "$dir/$task.embedding.hits" -out_library "$dir/$task.selib" \
    -rescoring none -precursor_mass_tolerance 0 -analog_hits 0
  suggested_hits "$dir/${task}_query.msp" "$dir/$task.selib" "$dir/$task.default.hits"
  best_hits "$dir/${task}_query.msp" "$dir/$task.selib" "$dir/$task.embedding_window.hits" \
    -precursor_mass_tolerance 100 -precursor_mass_tolerance_unit Da -rescoring none -analog_hits 0
  # The Annotator's analog hits: outside a 20 ppm identity window, within 100 Da, ranked by embedding and by
  # modified cosine (the default).
  for scoring in embedding modified_cosine; do
    HIT_KIND=analog best_hits "$dir/${task}_query.msp" "$dir/$task.selib" "$dir/$task.${scoring}_analog_hit.hits" \
      -precursor_mass_tolerance 20 -analog_hits 1 -analog_scoring $scoring -rescoring none
  done
  rm "$dir/$task.selib"
  for method in entropy cosine; do
    THREADS=$threads "$build/bin/spectral_search" $method "$dir/${task}_query.msp" "$dir/${task}_library.msp" > "$dir/$task.$method.hits"
    THREADS=$threads "$build/bin/spectral_search" $method "$dir/${task}_query.msp" "$dir/${task}_library.msp" 100 \
      > "$dir/$task.${method}_window.hits"
  done
}

# first_per_compound FILE...: the first record of each compound (InChIKey first block) of the files.
first_per_compound() {
  awk 'BEGIN { RS = ""; ORS = "\n\n" }
       { key = ""; n = split($0, lines, "\n")
         for (i = 1; i <= n; ++i) if (lines[i] ~ /^InChIKey:/) { key = substr(lines[i], index(lines[i], ":") + 1); gsub(/^ +/, "", key); key = substr(key, 1, 14) }
         if (key != "" && !(key in seen)) { seen[key] = 1; print } }' "$@"
}

held_out_keys "$work/keys.txt"
for mode in ${MODES:-positive negative}; do
  data=$(mode_data "$mode")
  mkdir -p "$work/$mode"
  echo "######## $mode mode ($data), model $(basename "$model")"
  ln -sf "$data/dev_query.msp" "$work/$mode/dev_query.msp"
  ln -sf "$data/train.msp" "$work/$mode/dev_library.msp"
  analog_task dev

  # The validation twin: the compounds the model was validated on, not trained on.
  write_analog_twin "$work/$mode"
  analog_task validation

  first_per_compound "$data/dev_query.msp" "$data/dev_ref.msp" > "$work/$mode/pairs_query.msp"
  first_per_compound "$data/dev_query.msp" "$data/dev_ref.msp" "$data/train.msp" > "$work/$mode/pairs_library.msp"
  for set in query library; do
    "$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$threads" -model "$model" -in "$work/$mode/pairs_$set.msp" \
      -out_embeddings "$work/$mode/pairs_$set.embeddings.tsv" >/dev/null
  done
  THREADS=$threads "$build/bin/spectral_search" entropy "$work/$mode/pairs_query.msp" "$work/$mode/pairs_library.msp" --matrix \
    > "$work/$mode/pairs.entropy.tsv"
  /usr/bin/python3 "$here/bench/analog_search.py" "$work/$mode" "$out_dir/$mode" dev validation
  echo "curves: $out_dir/$mode/{dev,validation}.quality_recall.{tsv,png}"

  echo
  echo "== dev identity (embedding alone, no filter)"
  evaluate_header
  write_large_library "$work/large.msp"
  # shellcheck disable=SC2086
  evaluate replicate "$data/dev_query.msp" "$data/dev_ref.msp" $EMBEDDING_ALONE
  # shellcheck disable=SC2086
  evaluate cross-lab "$data/dev_xlab_query.msp" "$data/dev_xlab_ref.msp" $EMBEDDING_ALONE
  # shellcheck disable=SC2086
  evaluate large-library "$data/dev_query.msp" "$work/large.msp" $EMBEDDING_ALONE
  rm "$work/large.msp"
  echo
done
