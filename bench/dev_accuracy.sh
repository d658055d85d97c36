#!/usr/bin/env bash
# Top-1/5/10 hit ratios of a model on the MassBank dev tasks (replicate, cross-lab, large library): the tools'
# default search, and the embedding alone and hybrid search (entropy re-scoring) with and without a 20 ppm filter.
# Usage: bench/dev_accuracy.sh MODEL [SHARED_DIR] [BUILD_DIR]
# SEARCHES (environment): the searches to run, one per line, "default" for the tools' default search and
# "embedding" for the embedding cosine alone (the published search). MODE: the ion
# mode's MassBank split, positive (default) or negative.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"
data=$(mode_data "${MODE:-positive}")
# The large library, embedded once.
write_large_library "$work/large.msp"
"$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$(nproc)" -model "$model" -in "$data/dev_query.msp" \
  -database "$work/large.msp" -out_library "$work/large.selib" >/dev/null
rm "$work/large.msp"

evaluate_header
default_searches="default
embedding
-rescoring none -analog_hits 0 -precursor_mass_tolerance 20
-rescoring entropy -analog_hits 0 -precursor_mass_tolerance 0
-rescoring entropy -analog_hits 0 -precursor_mass_tolerance 20"
mapfile -t searches <<< "${SEARCHES:-$default_searches}"
for search in "${searches[@]}"; do
  options=${search#default}
  [ "$search" = embedding ] && options=$EMBEDDING_ALONE
  # shellcheck disable=SC2086
  evaluate replicate "$data/dev_query.msp" "$data/dev_ref.msp" $options
  # shellcheck disable=SC2086
  evaluate cross-lab "$data/dev_xlab_query.msp" "$data/dev_xlab_ref.msp" $options
  # shellcheck disable=SC2086
  evaluate large-library "$data/dev_query.msp" "$work/large.selib" $options
done
