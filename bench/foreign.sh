#!/usr/bin/env bash
# The foreign dev set (../shared/data/foreign-dev: GNPS, MoNA and in-house spectra from outside MassBank) in
# both ion modes, against train.msp + the dev files of the mode: known top-1 and the unknown queries' mean Morgan
# Tanimoto (and share >= 0.6) of the suggested structure, and the ECE of the best hit's confidence, for the
# tools' default search, the embedding alone and hybrid search, beside spectral entropy with and without a 20 ppm
# filter and the modified cosine within 100 Da (bench/foreign.py says how each is scored).
# Usage: bench/foreign.sh MODEL [SHARED_DIR] [BUILD_DIR]; NEGATIVE_MODEL (environment) answers the negative
# queries instead, as the tools pick a shipped model by polarity.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/common.sh"
positive_model=$model
annotator() { "$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$(nproc)" -model "$model" "$@" > "$work/log.txt" 2>&1 || { cat "$work/log.txt"; exit 1; }; }
# SEARCHES (environment): "NAME|OPTIONS" lines of Annotator searches to run instead of these, and no anchors.
searches="default (no options)|
embedding alone|$EMBEDDING_ALONE
hybrid (entropy re-scoring)|-rescoring entropy -precursor_mass_tolerance 0 -analog_hits 0"
echo "model: $model${NEGATIVE_MODEL:+ (negative queries: $NEGATIVE_MODEL)}"
printf "%-9s %-34s %5s %-6s %5s %-5s %-5s %5s\n" mode search known top1 unkn tanim ">=0.6" ECE
for mode in positive negative; do
  split=$(mode_data $mode)
  model=$positive_model
  [ $mode = negative ] && model=${NEGATIVE_MODEL:-$positive_model}
  cache=$build/foreign/$(sha256sum "$model" | cut -c1-12)
  mkdir -p "$cache/$mode"
  library=$cache/$mode/library.msp
  if [ ! -s "$cache/$mode/library.selib" ]; then
    for f in train dev_query dev_ref dev_xlab_query dev_xlab_ref; do cat "$split/$f.msp"; echo; done > "$library"
    annotator -database "$library" -out_library "$cache/$mode/library.selib"
  fi
  /usr/bin/python3 "$here/bench/foreign.py" prepare "$shared/data/foreign-dev" $mode "$library" "$cache/$mode"
  queries=$cache/$mode/queries.mgf
  while IFS='|' read -r name options; do
    read -ra args <<< "$options"
    annotator -in "$queries" -database "$cache/$mode/library.selib" -invalid_spectra skip -out_tsv "$work/hits.tsv" "${args[@]}"
    printf "%-9s %-34s %s\n" $mode "$name" "$(/usr/bin/python3 "$here/bench/foreign.py" score "$cache/$mode" "$library" "$work/hits.tsv")"
  done <<< "${SEARCHES:-$searches}"
  [ -n "${SEARCHES:-}" ] && continue
  while IFS='|' read -r name method window; do
    THREADS=$(nproc) "$build/bin/spectral_search" $method "$queries" "$library" $window > "$work/spectral.tsv"
    printf "%-9s %-34s %s\n" $mode "$name" "$(/usr/bin/python3 "$here/bench/foreign.py" score "$cache/$mode" "$library" "$work/spectral.tsv" --spectral)"
  done <<'ANCHORS'
spectral entropy, no filter|entropy|
spectral entropy, 20 ppm|entropy|20ppm
modified cosine, 100 Da|modified_cosine|100
ANCHORS
done
