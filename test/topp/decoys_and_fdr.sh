#!/usr/bin/env bash
# Target-decoy q-values end to end: -decoys (each method) gives every identity hit a q-value, reports no decoy
# (library_index past the library's spectra), logs the competition and stores the decoys with -out_library;
# searching that library again without -decoys gives the same q-values; -fdr keeps exactly the hits whose
# q-value is within it; -fdr without decoys is refused.
# Usage: decoys_and_fdr.sh ANNOTATOR QUERIES LIBRARY MODEL WORK_DIR
set -uo pipefail
annotator=$1 queries=$2 library=$3 model=$4 work=$5
export OPENMS_DISABLE_UPDATE_CHECK=ON
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
library_size=$(grep -c '^Num Peaks' "$library")
# q_value of every row (column 20), library_index (column 7).
check_rows() {
  awk -F'\t' -v n="$library_size" 'NR == 1 { if ($20 != "q_value" || $7 != "library_index") bad = "header"; next }
    { if ($7 >= n) bad = "decoy hit " $7; if ($20 == "" || $20 < 0 || $20 > 1) bad = "q_value \"" $20 "\" in row " NR; rows++ }
    END { if (bad) { print bad; exit 1 } if (!rows) { print "no rows"; exit 1 } }' "$1"
}
for method in spectrum_based isomer_like; do
  "$annotator" -test -in "$queries" -database "$library" -model "$model" -decoys -decoy_method $method -top_k 3 \
    -out_library "$work/$method.selib" -out_tsv "$work/$method.tsv" > "$work/$method.log" 2>&1 || { cat "$work/$method.log"; fail "-decoys -decoy_method $method failed"; }
  grep -q "Target-decoy competition: " "$work/$method.log" || fail "$method: no target-decoy line in the log"
  problem=$(check_rows "$work/$method.tsv") || fail "$method: $problem"
done
cmp -s "$work/spectrum_based.tsv" "$work/isomer_like.tsv" && fail "the two decoy methods gave the same q-values"
# The stored decoys are used without -decoys, and give the same hits and q-values.
"$annotator" -test -in "$queries" -database "$work/spectrum_based.selib" -model "$model" -top_k 3 -out_tsv "$work/again.tsv" > "$work/again.log" 2>&1 ||
  { cat "$work/again.log"; fail "searching the library with decoys failed"; }
cmp "$work/spectrum_based.tsv" "$work/again.tsv" || fail "the stored decoys gave other q-values"
# -fdr at the lowest q-value keeps exactly the rows with it (the demo's 12 queries give few distinct q-values).
# The TSV rounds q-values to 6 digits: the threshold lies just above the lowest.
threshold=$(awk -F'\t' 'NR > 1 { print $20 }' "$work/spectrum_based.tsv" | sort -g | head -1 | awk '{ printf "%.7f", $1 + 1e-6 }')
"$annotator" -test -in "$queries" -database "$work/spectrum_based.selib" -model "$model" -top_k 3 -fdr "$threshold" -out_tsv "$work/fdr.tsv" > "$work/fdr.log" 2>&1 ||
  { cat "$work/fdr.log"; fail "-fdr $threshold failed"; }
expected=$(awk -F'\t' -v q="$threshold" 'NR > 1 && $20 <= q' "$work/spectrum_based.tsv" | wc -l)
kept=$(($(wc -l < "$work/fdr.tsv") - 1))
[ "$kept" -eq "$expected" ] || fail "-fdr $threshold kept $kept rows, $expected have q_value <= $threshold"
all=$(($(wc -l < "$work/spectrum_based.tsv") - 1))
[ "$kept" -lt "$all" ] || fail "-fdr $threshold kept all $all rows"
# Without decoys -fdr has nothing to go by.
"$annotator" -test -in "$queries" -database "$library" -model "$model" -fdr 0.05 -out_tsv "$work/refused.tsv" > "$work/refused.log" 2>&1 &&
  fail "-fdr without decoys ran"
grep -q -- "-fdr needs decoys" "$work/refused.log" || fail "-fdr without decoys: no clear message"
[ ! -e "$work/refused.tsv" ] || fail "-fdr without decoys left an output"
echo "decoys: $all rows with q-values for each method, none a decoy; the stored decoys give the same q-values; -fdr $threshold keeps $kept rows"
