#!/usr/bin/env bash
# Tunes hybrid search (-rescoring, -rescoring_weight; 50 candidates) on compounds the model was NOT trained
# on: the validation compounds SpecEmbeddingTrainer held out of train.msp (the split its provenance
# records), in the replicate and cross-lab twins of the dev tasks (write_validation_tasks in bench/common.sh).
# Prints top-1/5/10 per setting. Usage: bench/tune_hybrid.sh MODEL [SHARED_DIR] [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
EVALUATE_WIDTHS="10 72"
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"

write_validation_tasks

evaluate_header
for task in replicate xlab; do
  # shellcheck disable=SC2086
  evaluate $task "$work/${task}_query.msp" "$work/${task}_ref.msp" $EMBEDDING_ALONE
  for scoring in entropy cosine; do
    for weight in 0.1 0.3 0.5 0.7; do
      evaluate $task "$work/${task}_query.msp" "$work/${task}_ref.msp" -rescoring $scoring -rescoring_weight $weight \
        -precursor_mass_tolerance 0 -analog_hits 0
    done
  done
done
