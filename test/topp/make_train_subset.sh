#!/usr/bin/env bash
# Writes a small real training subset of train.msp: every STRIDE-th compound (by first InChIKey block,
# in file order) with up to PER_COMPOUND of its spectra. Usage: make_train_subset.sh IN OUT STRIDE PER_COMPOUND
set -euo pipefail
awk -v stride="$3" -v per="$4" 'BEGIN { RS = ""; ORS = "\n\n" }
{
  key = ""
  if (match($0, /InChIKey: [A-Z]+/)) key = substr($0, RSTART + 10, RLENGTH - 10)
  if (!(key in order)) order[key] = n++
  if (order[key] % stride == 0 && taken[key]++ < per) print
}' "$1" > "$2"
