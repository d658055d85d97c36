#!/usr/bin/env bash
# -precision bf16 on real spectra with the reference-size model. Where the CPU runs bfloat16 fast (the
# log says so), the embeddings differ from float32's, but by little (cosine of each pair above 0.999) and
# the top-1 hits agree for at least 95% of queries; elsewhere the tool falls back to float32, says why,
# and the embeddings equal float32's.
# Usage: precision.sh ANNOTATOR QUERIES LIBRARY MODEL WORK_DIR
set -uo pipefail
annotator=$1 queries=$2 library=$3 model=$4 work=$5
export OPENMS_DISABLE_UPDATE_CHECK=ON
rm -rf "$work" && mkdir -p "$work"
for precision in fp32 bf16; do
  "$annotator" -test -threads 2 -precision $precision -in "$queries" -database "$library" -model "$model" \
    -out_tsv "$work/hits_$precision.tsv" -out_embeddings "$work/embeddings_$precision.tsv" > "$work/log_$precision.txt" 2>&1 ||
    { echo "FAIL: the $precision run failed"; cat "$work/log_$precision.txt"; exit 1; }
done
decision=$(grep '^Embedding precision: ' "$work/log_bf16.txt") || { echo "FAIL: the log does not say which precision runs"; exit 1; }
echo "$decision"
case $decision in
  "Embedding precision: bf16"*) expect=bf16 ;;
  "Embedding precision: fp32: bf16 was asked, but"*) expect=fp32 ;;
  *) echo "FAIL: unexpected decision"; exit 1 ;;
esac
/usr/bin/python3 - "$work" "$expect" <<'PYTHON'
import sys
import numpy as np
work, expect = sys.argv[1:3]
def embeddings(precision):
    return np.array([line.split('\t')[1:] for line in open(f'{work}/embeddings_{precision}.tsv') if not line.startswith('#')], float)
def top1(precision):
    hits = {}
    with open(f'{work}/hits_{precision}.tsv') as table:
        header = table.readline().rstrip('\n').split('\t')
        query, rank, entry = (header.index(name) for name in ('query_index', 'rank', 'library_index'))
        for line in table:
            fields = line.rstrip('\n').split('\t')
            if fields[rank] == '1':
                hits[fields[query]] = fields[entry]
    return hits
a, b = embeddings('fp32'), embeddings('bf16')
cosine = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
one, two = top1('fp32'), top1('bf16')
agree = sum(one[q] == two.get(q) for q in one) / len(one)
print(f'{len(a)} spectra: largest difference {np.abs(a - b).max():.3g}, smallest cosine {cosine.min():.6f}; '
      f'top-1 hits agree for {agree:.3f} of {len(one)} queries')
if expect == 'fp32':
    ok = np.array_equal(a, b)
else:
    ok = np.abs(a - b).max() > 0 and cosine.min() > 0.999 and agree >= 0.95
print('PASS' if ok else 'FAIL')
sys.exit(0 if ok else 1)
PYTHON
