#!/usr/bin/env bash
# -device cuda: where the LibTorch in use has CUDA and sees a GPU, a short run on the real training subset
# trains on the GPU (the log says so), learns (check_training_log.sh) and writes a model the Annotator
# embeds with on the CPU. Elsewhere the Trainer refuses -device cuda with a clear error and no model, and
# the test is skipped (exit 77).
# Usage: cuda_training.sh TRAINER ANNOTATOR CHECK_TRAINING_LOG SUBSET QUERIES WORK_DIR
set -uo pipefail
trainer=$1 annotator=$2 check_log=$3 subset=$4 queries=$5 work=$6
export OPENMS_DISABLE_UPDATE_CHECK=ON
rm -rf "$work" && mkdir -p "$work"
"$trainer" -test -threads 1 -device cuda -in "$subset" -out "$work/cuda.model" -out_log "$work/cuda_log.tsv" \
  -architecture:embedding_dim 32 -architecture:n_head 2 -architecture:n_layer 2 -architecture:dim_feedforward 64 \
  -architecture:dim_target 32 -epochs 6 -epoch_factor 5 -compounds_per_batch 32 -learning_rate 2e-3 -validation_fraction 0.3 \
  -validation_distractors 300 -loss supcon > "$work/log.txt" 2>&1
code=$?
if grep -q "this LibTorch has no CUDA, or it sees no CUDA GPU" "$work/log.txt"; then
  [ $code -ne 0 ] || { echo "FAIL: refused -device cuda but exited 0"; exit 1; }
  [ ! -e "$work/cuda.model" ] || { echo "FAIL: a model was written"; exit 1; }
  echo "SKIP: no CUDA here; -device cuda was refused with exit code $code: $(grep -m1 'Error' "$work/log.txt")"
  exit 77
fi
[ $code -eq 0 ] || { echo "FAIL: training on the GPU failed ($code)"; cat "$work/log.txt"; exit 1; }
grep -q "^Training on cuda" "$work/log.txt" || { echo "FAIL: the log does not say it trained on the GPU"; exit 1; }
"$check_log" "$work/cuda_log.tsv" 0.2 || { echo "FAIL: training on the GPU did not learn"; exit 1; }
"$annotator" -test -in "$queries" -model "$work/cuda.model" -out_embeddings "$work/embeddings.tsv" > "$work/annotator.txt" 2>&1 ||
  { echo "FAIL: the GPU-trained model does not embed"; cat "$work/annotator.txt"; exit 1; }
echo "PASS: trained on $(grep -m1 '^Training on' "$work/log.txt")"
