#!/usr/bin/env bash
# Training speed (views/s) at the published size (512/16/4/512/512), the default model's size
# (256/8/4/512/128) and the previous default's (128/8/4/256/128), at 1 and 2 threads, on real
# train.msp spectra: one epoch over a subset of its compounds (every 10th compound, all its
# spectra), batch 64 as in the reference anchor.
# Usage: bench/training_speed.sh [build dir]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shared=${SHARED_DIR:-$here/../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPENMS_DISABLE_UPDATE_CHECK=ON
"$here/test/topp/make_train_subset.sh" "$shared/data/massbank/train.msp" "$work/subset.msp" 10 1000
for size in "512 16 4 512 512" "256 8 4 512 128" "128 8 4 256 128"; do
  read -r e h l f t <<<"$size"
  for threads in 1 2; do
    factor=$([ "$e" = 512 ] && echo 1 || echo 4)
    "$build/bin/SpecEmbeddingTrainer" -no_progress -threads $threads -in "$work/subset.msp" -out "$work/m.model" \
      -out_log "$work/log.tsv" -checkpoint "$work/m.checkpoint" -epochs 1 -epoch_factor $factor -compounds_per_batch 64 \
      -validation_fraction 0.05 -architecture:embedding_dim $e -architecture:n_head $h -architecture:n_layer $l -architecture:dim_feedforward $f \
      -architecture:dim_target $t >/dev/null
    rm -f "$work/m.checkpoint"
    awk -F'\t' -v size="$e/$h/$l/$f/$t" -v threads=$threads \
      '$1 == 1 { printf "size %-16s threads %d  %7.1f training views/s\n", size, threads, $5 }' "$work/log.tsv"
  done
done
