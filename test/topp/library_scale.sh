#!/usr/bin/env bash
# Embedding libraries at scale, end to end with the Annotator on the demo data:
#  1. a library embedded in 3 shards and joined by -merge_libraries gives the hits of the library embedded
#     at once; shards of another model, truncated shards and a missing -out_library are refused by name,
#     with no output;
#  2. float16 embeddings (-library_precision) give the same best hits, scores within 1e-3, in a smaller file;
#  3. -search_index ann: the library written with its index, searched probing every list, gives the exact
#     hit lists; a library without an index is refused for ann search;
#  4. -verify_library finds a corrupted embedding that the structure check alone lets through.
# Usage: library_scale.sh ANNOTATOR QUERIES LIBRARY MODEL OTHER_MODEL WORK_DIR
set -uo pipefail
annotator=$1 queries=$2 library=$3 model=$4 other_model=$5 work=$6
export OPENMS_DISABLE_UPDATE_CHECK=ON
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
run() { # NAME ARGS...: runs the Annotator, its log in NAME.log; returns its exit code
  local name=$1; shift
  "$annotator" -test -threads 1 -model "$model" "$@" > "$work/$name.log" 2>&1
}
hit_list() { cut -f 1,3,8 "$1"; } # query, rank, library id
search() { # NAME DATABASE ARGS...: the top-5 hits of the queries as NAME.tsv
  local name=$1 database=$2; shift 2
  run "$name" -in "$queries" -database "$database" -top_k 5 -out_tsv "$work/$name.tsv" "$@" || { cat "$work/$name.log"; fail "search $name failed"; }
}
refused() { # NAME MESSAGE OUTPUT ARGS...: the run fails, says MESSAGE and leaves no OUTPUT
  local name=$1 message=$2 output=$3; shift 3
  run "$name" "$@" && fail "$name: the run succeeded"
  grep -qF -- "$message" "$work/$name.log" || { cat "$work/$name.log"; fail "$name: the log lacks '$message'"; }
  [ ! -e "$output" ] || fail "$name left $output"
  echo "refused as expected ($name): $(grep -m1 -F -- "$message" "$work/$name.log")"
}

run whole -database "$library" -out_library "$work/whole.selib" || fail "writing the whole library failed"
for shard in 0 1 2; do
  run shard$shard -database "$library" -library_shards 3 -library_shard $shard -out_library "$work/shard$shard.selib" \
    || { cat "$work/shard$shard.log"; fail "shard $shard failed"; }
done
run merge -merge_libraries "$work/shard0.selib" "$work/shard1.selib" "$work/shard2.selib" -out_library "$work/merged.selib" \
  || { cat "$work/merge.log"; fail "merging failed"; }
grep -o "Joined 3 library shards.*" "$work/merge.log"
search whole "$work/whole.selib"
search merged "$work/merged.selib"
cmp <(hit_list "$work/whole.tsv") <(hit_list "$work/merged.tsv") || fail "the merged shards give other hits than the whole library"
echo "merged shards: the whole library's $(($(wc -l < "$work/whole.tsv") - 1)) hits"

"$annotator" -test -threads 1 -model "$other_model" -database "$library" -library_shards 3 -library_shard 1 -out_library "$work/other.selib" \
  > "$work/other.log" 2>&1 || fail "the other model's shard failed"
refused merge_other_model "shard '$work/other.selib' was embedded with model" "$work/bad.selib" \
  -merge_libraries "$work/shard0.selib" "$work/other.selib" -out_library "$work/bad.selib"
head -c 5000 "$work/shard1.selib" > "$work/truncated.selib"
refused merge_truncated "library file '$work/truncated.selib'" "$work/bad.selib" \
  -merge_libraries "$work/shard0.selib" "$work/truncated.selib" -out_library "$work/bad.selib"
refused merge_without_out "give -out_library" "$work/bad.selib" -merge_libraries "$work/shard0.selib" "$work/shard1.selib" -out_tsv "$work/bad.selib"
refused shard_outside "-library_shard 3 does not exist" "$work/bad.selib" \
  -database "$library" -library_shards 3 -library_shard 3 -out_library "$work/bad.selib"

run half -database "$library" -library_precision float16 -out_library "$work/half.selib" || fail "writing float16 failed"
search half "$work/half.selib"
# Scores close together may swap ranks; the best hits stay, and a hit's score moves by less than 1e-3.
/usr/bin/python3 - "$work/whole.tsv" "$work/half.tsv" <<'PYTHON' || fail "float16 embeddings change the best hits or the scores"
import csv, sys
whole, half = ({(r['query_index'], r['library_id']): r for r in csv.DictReader(open(path), delimiter='\t')} for path in sys.argv[1:])
best = lambda hits: {q: i for (q, i), r in hits.items() if r['rank'] == '1'}
worst = max(abs(float(r['score']) - float(whole[key]['score'])) for key, r in half.items() if key in whole)
print(f"float16 against float32: same best hit for all {len(best(whole))} queries: {best(whole) == best(half)}; "
      f"largest score difference {worst:.2e}")
sys.exit(0 if best(whole) == best(half) and worst <= 1e-3 else 1)
PYTHON
echo "file sizes: float32 $(stat -c %s "$work/whole.selib") bytes, float16 $(stat -c %s "$work/half.selib") bytes"
[ "$(stat -c %s "$work/half.selib")" -lt "$(stat -c %s "$work/whole.selib")" ] || fail "the float16 library is not smaller"

run ann -database "$library" -search_index ann -out_library "$work/ann.selib" || fail "writing the indexed library failed"
grep -o "Built the approximate search index: [0-9]* lists" "$work/ann.log" || fail "the log does not report the index"
lists=$(grep -o "index: [0-9]* lists" "$work/ann.log" | grep -o "[0-9]*")
search ann_all "$work/ann.selib" -search_index ann -ann_probes "$lists"
cmp <(hit_list "$work/whole.tsv") <(hit_list "$work/ann_all.tsv") || fail "ann search probing every list differs from exact search"
search ann_exact "$work/ann.selib" -search_index exact
cmp <(hit_list "$work/whole.tsv") <(hit_list "$work/ann_exact.tsv") || fail "exact search of the indexed library differs"
refused ann_without_index "needs an embedding library with an index" "$work/bad.tsv" \
  -in "$queries" -database "$work/whole.selib" -search_index ann -out_tsv "$work/bad.tsv"

# Flip one float32 embedding value inside the archive (the first 4-byte-aligned value past the halfway
# mark of the embeddings record is enough to change the content checksum).
/usr/bin/python3 - "$work/whole.selib" "$work/corrupt.selib" <<'PYTHON'
import sys, zipfile
source, target = sys.argv[1:]
data = bytearray(open(source, 'rb').read())
with zipfile.ZipFile(source) as archive:
    largest = max(archive.infolist(), key=lambda info: info.file_size)  # the embeddings
    start = largest.header_offset + 30 + len(largest.filename.encode()) + len(largest.extra)
    data[start + largest.file_size // 2 // 4 * 4 + 2] ^= 0x10
open(target, 'wb').write(bytes(data))
PYTHON
search corrupt_unverified "$work/corrupt.selib"
refused corrupt_verified "is corrupt: its content does not match its checksum" "$work/bad.tsv" \
  -in "$queries" -database "$work/corrupt.selib" -verify_library -out_tsv "$work/bad.tsv"
echo PASS
