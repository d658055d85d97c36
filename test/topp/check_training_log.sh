#!/usr/bin/env bash
# Checks a training log (TSV from -out_log): the untrained baseline (epoch 0) comes first, the
# training loss falls from the first to the last epoch, and the final validation top-1 hit ratio
# beats the untrained model's by at least MIN_GAIN. Usage: check_training_log.sh LOG MIN_GAIN
set -euo pipefail
awk -F'\t' -v min_gain="$2" '
  NR == 2 { untrained_epoch = $1; untrained = $4 }
  NR == 3 { first_loss = $2 }
  NR > 2  { last_loss = $2; last = $4; epochs++ }
  END {
    printf "untrained top-1 %s, final top-1 %s; train loss %s -> %s over %d epochs\n", untrained, last, first_loss, last_loss, epochs
    if (untrained_epoch != "0") { print "the log does not start with the untrained baseline (epoch 0)"; exit 1 }
    if (epochs < 2) { print "fewer than two epochs"; exit 1 }
    if (!(last_loss + 0 < first_loss + 0)) { print "the training loss did not fall"; exit 1 }
    if (!(last - untrained >= min_gain)) { printf "validation top-1 rose by %.3f; expected at least %s\n", last - untrained, min_gain; exit 1 }
  }' "$1"
