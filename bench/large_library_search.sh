#!/usr/bin/env bash
# Search time with a persisted library: the 403 dev queries against the 45,703-spectrum large library
# (dev_ref.msp + train.msp), writing mzTab and TSV. The library is embedded once (timed separately).
# Usage: bench/large_library_search.sh [MODEL] [SHARED_DIR] [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
default_model=$here/share/SpecEmbedding/models/default.model
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"
annotator=("$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$(nproc)" -model "$model")
write_large_library "$work/large.msp"
start=$(date +%s.%N)
"${annotator[@]}" -in "$data/dev_query.msp" -database "$work/large.msp" -out_library "$work/large.selib" >/dev/null
embedded=$(date +%s.%N)
"${annotator[@]}" -in "$data/dev_query.msp" -database "$work/large.selib" -top_k 10 -out "$work/hits.mzTab" -out_tsv "$work/hits.tsv" >/dev/null
searched=$(date +%s.%N)
"${annotator[@]}" -in "$data/dev_query.msp" -database "$work/large.selib" -top_k 10 -rescoring entropy -out "$work/hybrid.mzTab" -out_tsv "$work/hybrid.tsv" >/dev/null
hybrid=$(date +%s.%N)
awk -v a="$start" -v b="$embedded" -v c="$searched" -v d="$hybrid" -v rows="$(($(wc -l < "$work/hits.tsv") - 1))" 'BEGIN {
  printf "embedding the 45,703-spectrum library once (-out_library): %.1f s\n", b - a
  printf "403 queries vs persisted library, mzTab + TSV (%d hits):   %.1f s (whole tool run)\n", rows, c - b
  printf "same with hybrid entropy re-scoring:                      %.1f s (whole tool run)\n", d - c }'
