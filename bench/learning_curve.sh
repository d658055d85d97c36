#!/usr/bin/env bash
# Dev accuracy along a training run: top-1/5/10 of embedding search (no filter) on the three dev tasks
# for every epoch model a run wrote with SpecEmbeddingTrainer -epoch_models.
# Usage: bench/learning_curve.sh RUN_PREFIX [SHARED_DIR] [BUILD_DIR] [EPOCH...]
#   RUN_PREFIX: the -out path without .model; EPOCHs: a subset of the epochs (default: all written).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
prefix=$1
shared=${2:-$here/../shared}
build=${3:-$here/build}
shift $(( $# < 3 ? $# : 3 ))
epochs=("$@")
if [ ${#epochs[@]} -eq 0 ]; then
  mapfile -t epochs < <(ls "$prefix".epoch*.model | sed 's/.*\.epoch\([0-9]*\)\.model$/\1/' | sort -n)
fi
for epoch in "${epochs[@]}"; do
  # dev_accuracy.sh's rows, each prefixed by the epoch; its header once, before the first epoch's.
  SEARCHES=embedding "$here/bench/dev_accuracy.sh" "$prefix.epoch$epoch.model" "$shared" "$build" |
    awk -v epoch="$epoch" -v first="${epochs[0]}" 'NR > 1 || epoch == first { printf "%-6s %s\n", NR == 1 ? "epoch" : epoch, $0 }'
done
