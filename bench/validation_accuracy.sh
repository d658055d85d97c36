#!/usr/bin/env bash
# Top-1/5/10 of a model on the twins of the three dev tasks built from the validation compounds the trainer
# holds out of train.msp (write_validation_tasks in bench/common.sh): the embedding alone, the figures to choose
# an embedding recipe by, where the dev figures are only reported; then the tools' default search, which is
# optimistic here when the model's learned scorer was fitted on these same held-out compounds.
# Usage: bench/validation_accuracy.sh MODEL [SHARED_DIR] [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"

write_validation_tasks
"$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$(nproc)" -model "$model" -in "$work/replicate_query.msp" \
  -database "$work/large_ref.msp" -out_library "$work/large.selib" >/dev/null
rm "$work/large_ref.msp"

evaluate_header
for options in "$EMBEDDING_ALONE" ""; do
  # shellcheck disable=SC2086
  evaluate replicate "$work/replicate_query.msp" "$work/replicate_ref.msp" $options
  # shellcheck disable=SC2086
  evaluate cross-lab "$work/xlab_query.msp" "$work/xlab_ref.msp" $options
  # shellcheck disable=SC2086
  evaluate large-library "$work/replicate_query.msp" "$work/large.selib" $options
done
