#!/usr/bin/env bash
# Fine-tuning with -init_model starts from the given model's weights and architecture: with the validation
# split of that model's run, the log's epoch 0 (validated before the first step)
# scores the validation top-1 the given model kept, an architecture: option that the model overrides is named
# in a warning, and the model it writes records where it started.
# Usage: init_model.sh TRAINER INITIAL_MODEL INITIAL_LOG TRAINING_MSP WORK_DIR
set -euo pipefail
trainer=$1 initial=$2 initial_log=$3 data=$4 work=$5
rm -rf "$work" && mkdir -p "$work"
"$trainer" -test -threads 1 -in "$data" -init_model "$initial" -out "$work/tuned.model" -out_log "$work/log.tsv" \
  -epochs 1 -epoch_factor 1 -compounds_per_batch 32 -learning_rate 1e-4 -validation_fraction 0.3 -validation_distractors 300 \
  -architecture:embedding_dim 64 > "$work/log.txt" 2>&1 || { cat "$work/log.txt"; exit 1; }
grep -q "Starting from the weights of '$initial'" "$work/log.txt" || { cat "$work/log.txt"; echo "the log does not say where training started"; exit 1; }
grep -q "Warning: -architecture:embedding_dim 64 ignored: training from '$initial' keeps its architecture" "$work/log.txt" ||
  { cat "$work/log.txt"; echo "no warning that -architecture:embedding_dim is ignored"; exit 1; }
kept=$(awk -F'\t' 'NR > 1 && $9 == "yes" { top1 = $4 } END { print top1 }' "$initial_log")
start=$(awk -F'\t' 'NR == 2 { print $4 }' "$work/log.tsv")
echo "the initial model kept validation top-1 $kept; the fine-tuning run starts at $start"
[ "$kept" = "$start" ] || { echo "the fine-tuning run did not start from the initial model's weights"; exit 1; }
grep -aq '"initial_model"' "$work/tuned.model" || { echo "the model does not record its initial model"; exit 1; }
