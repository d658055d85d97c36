#!/usr/bin/env bash
# What the tools' default search (learned re-scoring with one analog hit) costs against the embedding alone:
# 10,000 queries (positive-mode training spectra, every 4th) against train.msp plus the dev files as one
# .selib, each search run three times, back to back, in one run; wall seconds of each and their ratio. The
# embedding of the queries is in both runs (a query file of 10,000 spectra), so the ratio is the whole run's.
# Usage: bench/default_search_cost.sh MODEL [SHARED_DIR] [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/common.sh"
annotator() { "$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$(nproc)" -model "$model" "$@" > "$work/log.txt" 2>&1 || { cat "$work/log.txt"; exit 1; }; }
for f in train dev_query dev_ref dev_xlab_query dev_xlab_ref; do cat "$data/$f.msp"; echo; done > "$work/library.msp"
annotator -database "$work/library.msp" -out_library "$work/library.selib"
awk 'BEGIN { RS = ""; ORS = "\n\n" } NR % 4 == 1 && ++n <= 10000' "$data/train.msp" > "$work/queries.msp"
echo "model: $model; $(grep -c '^Name:' "$work/queries.msp") queries against $(grep -c '^Name:' "$work/library.msp") library spectra, $(nproc) threads"
seconds() { local start end; start=$(date +%s.%N); annotator -in "$work/queries.msp" -database "$work/library.selib" -out_tsv "$work/hits.tsv" "$@"; end=$(date +%s.%N); echo "$end - $start" | bc; }
printf "%-6s %-14s %-14s %s\n" run default "embedding alone" ratio
for run in 1 2 3; do
  learned=$(seconds)
  alone=$(seconds $EMBEDDING_ALONE)
  printf "%-6s %-14.1f %-14.1f %.2f\n" $run "$learned" "$alone" "$(echo "$learned / $alone" | bc -l)"
done
