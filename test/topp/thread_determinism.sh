#!/usr/bin/env bash
# Embeddings at 1 and 2 threads agree within 1e-5 and give identical hit lists. So do embedding libraries
# written at 1 and 2 threads (and searching either gives the same hits); one written twice at the same
# thread count has the same content checksum.
# Usage: thread_determinism.sh ANNOTATOR COMPARE_EMBEDDINGS QUERIES LIBRARY MODEL WORK_DIR
set -uo pipefail
annotator=$1 compare=$2 queries=$3 library=$4 model=$5 work=$6
export OPENMS_DISABLE_UPDATE_CHECK=ON
rm -rf "$work" && mkdir -p "$work"
for threads in 1 2; do
  "$annotator" -test -threads $threads -in "$queries" -database "$library" -model "$model" -top_k 10 \
    -out_tsv "$work/hits_$threads.tsv" -out_embeddings "$work/embeddings_$threads.tsv" -out_library "$work/library_$threads.selib" \
    > "$work/log_$threads.txt" 2>&1 || { echo "FAIL: the run at $threads threads failed"; cat "$work/log_$threads.txt"; exit 1; }
done
grep -v '^#' "$work/embeddings_2.tsv" | cut -f 2- > "$work/embeddings_2.values.tsv"
"$compare" "$work/embeddings_1.tsv" "$work/embeddings_2.values.tsv" 1e-5 || { echo "FAIL: embeddings differ by more than 1e-5"; exit 1; }
# Hit lists: query, rank and library entry of every hit (the scores' last digits may differ).
for threads in 1 2; do cut -f 1,3,7,16 "$work/hits_$threads.tsv" > "$work/list_$threads.tsv"; done
cmp "$work/list_1.tsv" "$work/list_2.tsv" || { echo "FAIL: the hit lists differ between 1 and 2 threads"; exit 1; }
"$annotator" -test -threads 2 -in "$queries" -database "$library" -model "$model" -out_library "$work/library_2_again.selib" > /dev/null 2>&1
library_check=$(/usr/bin/python3 - "$work" <<'PYTHON'
import sys
import torch
work = sys.argv[1]
one, two, again = (torch.load(f"{work}/library_{name}.selib") for name in ("1", "2", "2_again"))
difference = (one["embeddings"] - two["embeddings"]).abs().max().item()
print("same" if two["content_sha256"] == again["content_sha256"] else "checksums differ", difference)
PYTHON
)
read -r same difference <<< "$library_check"
[ "$same" = "same" ] || { echo "FAIL: a library written twice at 2 threads has two contents"; exit 1; }
/usr/bin/python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 1e-5 else 1)" "$difference" ||
  { echo "FAIL: library embeddings at 1 and 2 threads differ by $difference"; exit 1; }
for threads in 1 2; do
  "$annotator" -test -threads 1 -in "$queries" -database "$work/library_$threads.selib" -model "$model" -top_k 10 \
    -out_tsv "$work/library_hits_$threads.tsv" > /dev/null 2>&1 || { echo "FAIL: searching library_$threads failed"; exit 1; }
  cut -f 1,3,7,16 "$work/library_hits_$threads.tsv" > "$work/library_list_$threads.tsv"
done
cmp "$work/library_list_1.tsv" "$work/library_list_2.tsv" || { echo "FAIL: the libraries of 1 and 2 threads give other hits"; exit 1; }
echo "1 and 2 threads: embeddings within 1e-5, $(wc -l < "$work/list_1.tsv") hit rows identical; libraries within $difference, same hits;"\
     "a library written twice: one content checksum"
