#!/usr/bin/env bash
# What bfloat16 matrix products (-precision bf16) change against float32, on the MassBank dev tasks:
# the cosine between each dev_ref spectrum's two embeddings, the embedding speed of each, and top-1/5/10
# of the replicate, cross-lab and large-library tasks with queries and library embedded in each precision.
# Usage: bench/bf16_accuracy.sh MODEL [SHARED_DIR] [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
EVALUATE_WIDTHS="14 22"
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"
annotator=$build/bin/SpecEmbeddingAnnotator
"$annotator" -test -no_progress -threads 1 -in "$data/dev_query.msp" -model "$model" -precision bf16 \
  -out_embeddings "$work/probe.tsv" 2>&1 | grep "^Embedding precision"
write_large_library "$work/large.msp"
for precision in fp32 bf16; do
  "$annotator" -no_progress -threads "$(nproc)" -model "$model" -precision $precision -in "$data/dev_ref.msp" \
    -out_embeddings "$work/$precision.tsv" 2>&1 | sed -n "s/^Queries: \([0-9]*\) embedded and searched (\([0-9.]*\) spectra\/s.*/$precision: \1 dev_ref spectra at \2 spectra\/s/p" | tail -n 1
  "$annotator" -no_progress -threads "$(nproc)" -model "$model" -precision $precision -in "$data/dev_query.msp" \
    -database "$work/large.msp" -out_library "$work/large.$precision.selib" >/dev/null
done
/usr/bin/python3 - "$work/fp32.tsv" "$work/bf16.tsv" <<'PY'
import sys
import numpy as np
# Rows: the spectrum's identifier, then its embedding.
a, b = (np.array([line.split('\t')[1:] for line in open(path) if not line.startswith('#')], float) for path in sys.argv[1:3])
cosine = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
print(f'cosine of the float32 and bfloat16 embeddings of {len(a)} spectra: mean {cosine.mean():.5f}, '
      f'1st percentile {np.percentile(cosine, 1):.5f}, smallest {cosine.min():.5f}')
PY
echo
evaluate_header
for precision in fp32 bf16; do
  evaluate replicate "$data/dev_query.msp" "$data/dev_ref.msp" -precision $precision
  evaluate cross-lab "$data/dev_xlab_query.msp" "$data/dev_xlab_ref.msp" -precision $precision
  evaluate large-library "$data/dev_query.msp" "$work/large.$precision.selib" -precision $precision
done
