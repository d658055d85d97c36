#!/usr/bin/env bash
# Reproduces the shipped default model from train.msp alone (validation: a split of its compounds),
# then measures it: dev figures, dev learning curve over its epoch models, hybrid settings on the
# held-out training compounds. Resumable: run it again after an interruption.
# Usage: scripts/train-default-model.sh [SHARED_DIR] [WORK_DIR] [THREADS]
# The recipe (SpecEmbeddingTrainer arguments) is scripts/default-model.args, which the card quotes too.
# The card gives the thread count and time of the shipped model's run; other thread counts give the
# same recipe but not bit-identical weights.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "${1:-$here/../shared}" && pwd)
work=${2:-$here/build/default-model}
threads=${3:-2}
mkdir -p "$work"
export OPENMS_DISABLE_UPDATE_CHECK=ON
bin=$here/build/bin

read -ra recipe <<< "$(tr '\n' ' ' < "$here/scripts/default-model.args")"
resume=()
[ -f "$work/default.model.checkpoint" ] && resume=(-resume "$work/default.model.checkpoint")
echo "Threads: $threads" | tee -a "$work/training.txt"
"$bin/SpecEmbeddingTrainer" -no_progress -threads "$threads" -in "$shared/data/massbank/train.msp" \
  -out "$work/default.model" -out_log "$work/training_log.tsv" -checkpoint "$work/default.model.checkpoint" "${resume[@]}" \
  -epoch_models "${recipe[@]}" 2>&1 | tee -a "$work/training.txt"

"$here/bench/dev_accuracy.sh" "$work/default.model" "$shared" | tee "$work/dev_accuracy.txt"
"$here/bench/learning_curve.sh" "$work/default" "$shared" "$here/build" | tee "$work/learning_curve.txt"
"$here/bench/tune_hybrid.sh" "$work/default.model" "$shared" | tee "$work/tune_hybrid.txt"
