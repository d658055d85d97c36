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
printf "%-6s %s\n" epoch "task           search                                           queries  top1   top5   top10"
for epoch in "${epochs[@]}"; do
  SEARCHES=embedding "$here/bench/dev_accuracy.sh" "$prefix.epoch$epoch.model" "$shared" "$build" | tail -n +2 |
    awk -v epoch="$epoch" '{ printf "%-6s %s\n", epoch, $0 }'
done
