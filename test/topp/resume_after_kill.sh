#!/usr/bin/env bash
# Kills a training run with SIGKILL between checkpoints, resumes it, and checks that the resumed run
# finishes with a model, says where it resumed, and that no model file existed before it finished.
# Usage: resume_after_kill.sh TRAINER TRAINING_MSP WORK_DIR
set -euo pipefail
trainer=$1 data=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
args=(-test -threads 1 -in "$data" -out "$work/resumed.model" -out_log "$work/log.tsv" -checkpoint "$work/run.checkpoint"
      -architecture:embedding_dim 32 -architecture:n_head 2 -architecture:n_layer 1 -architecture:dim_feedforward 64 -architecture:dim_target 32
      -epochs 4 -epoch_factor 2 -compounds_per_batch 16 -checkpoint_interval_steps 3 -learning_rate 1e-3)
"$trainer" "${args[@]}" > "$work/first.txt" 2>&1 &
pid=$!
for _ in $(seq 600); do # at most 60 s for the first checkpoint
  [ -f "$work/run.checkpoint" ] && break
  sleep 0.1
done
[ -f "$work/run.checkpoint" ] || { echo "no checkpoint was written"; kill -9 $pid; exit 1; }
sleep 0.3 # between checkpoints
kill -9 $pid
wait $pid 2>/dev/null || true
[ ! -f "$work/resumed.model" ] || { echo "the killed run left a model file"; exit 1; }

"$trainer" "${args[@]}" -resume "$work/run.checkpoint" > "$work/second.txt" 2>&1 || { cat "$work/second.txt"; exit 1; }
cat "$work/second.txt"
grep -q "Resumed from the checkpoint '$work/run.checkpoint' after step" "$work/second.txt" || { echo "the log does not say where it resumed"; exit 1; }
[ -f "$work/resumed.model" ] || { echo "no model after resuming"; exit 1; }
echo "resumed run finished with $work/resumed.model"
