#!/usr/bin/env bash
# q-values end to end. Target-decoy: -decoys (each method) gives every identity hit a q-value, reports no
# decoy (library_index past the library's spectra), logs the competition and stores the decoys with
# -out_library; searching that library again without -decoys gives the same q-values; -fdr keeps exactly the
# hits whose q-value is within it. From the confidence (-q_values confidence, a calibrated model): each best
# hit's q-value is the mean of 1 - confidence over the best hits at least as confident, and -fdr keeps the
# hits within it. -fdr without q-values, and -q_values confidence with a model without confidence
# calibration, are refused.
# Usage: decoys_and_fdr.sh ANNOTATOR QUERIES LIBRARY MODEL CALIBRATED_MODEL WORK_DIR
set -uo pipefail
annotator=$1 queries=$2 library=$3 model=$4 calibrated=$5 work=$6
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
# From the confidence (identity hits only: analog hits get no q-value): q-values checked against the best hits' confidences (column 19), both rounded to 6
# digits (hence the tolerance of 1e-4); no hit below a query's best has a lower q-value than the best.
"$annotator" -test -in "$queries" -database "$library" -model "$calibrated" -q_values confidence -top_k 3 -analog_hits 0 -out_tsv "$work/confidence.tsv" \
  > "$work/confidence.log" 2>&1 || { cat "$work/confidence.log"; fail "-q_values confidence failed"; }
problem=$(awk -F'\t' 'NR == 1 { if ($19 != "confidence") { print "header"; exit 1 } next }
  { if ($20 == "" || $19 == "") { print "row " NR " without confidence or q-value"; exit 1 } }
  $3 == 1 { c[++n] = $19; q[n] = $20; best = $20 }
  $3 > 1 && $20 < best { print "row " NR ": q-value " $20 " below its best hit'"'"'s " best; exit 1 }
  END { if (n < 2) { print "fewer than 2 best hits"; exit 1 }
        for (i = 1; i <= n; ++i) { sum = 0; m = 0; for (j = 1; j <= n; ++j) if (c[j] >= c[i]) { sum += 1 - c[j]; ++m }
          if ((sum / m - q[i])^2 > 1e-8) { print "best hit " i ": q-value " q[i] ", expected " sum / m; exit 1 } } }' "$work/confidence.tsv") ||
  fail "-q_values confidence: $problem"
confidence_threshold=$(awk -F'\t' 'NR > 1 && $3 == 1 { print $20 }' "$work/confidence.tsv" | sort -g | awk '{ v[NR] = $1 } END { printf "%.7f", v[int((NR + 1) / 2)] + 1e-6 }')
"$annotator" -test -in "$queries" -database "$library" -model "$calibrated" -q_values confidence -top_k 3 -analog_hits 0 -fdr "$confidence_threshold" \
  -out_tsv "$work/confidence_fdr.tsv" > "$work/confidence_fdr.log" 2>&1 || { cat "$work/confidence_fdr.log"; fail "-q_values confidence -fdr $confidence_threshold failed"; }
expected=$(awk -F'\t' -v q="$confidence_threshold" 'NR > 1 && $20 <= q' "$work/confidence.tsv" | wc -l)
confident=$(($(wc -l < "$work/confidence_fdr.tsv") - 1))
[ "$confident" -eq "$expected" ] || fail "-q_values confidence -fdr $confidence_threshold kept $confident rows, $expected have q_value <= $confidence_threshold"
[ "$confident" -gt 0 ] || fail "-q_values confidence -fdr $confidence_threshold kept nothing"
# Refusals: -fdr without q-values, confidence q-values without a calibrated model; neither leaves an output.
"$annotator" -test -in "$queries" -database "$library" -model "$model" -fdr 0.05 -out_tsv "$work/refused.tsv" > "$work/refused.log" 2>&1 &&
  fail "-fdr without q-values ran"
grep -q -- "-fdr needs q-values" "$work/refused.log" || fail "-fdr without q-values: no clear message"
[ ! -e "$work/refused.tsv" ] || fail "-fdr without q-values left an output"
"$annotator" -test -in "$queries" -database "$library" -model "$model" -q_values confidence -out_tsv "$work/refused.tsv" > "$work/uncalibrated.log" 2>&1 &&
  fail "-q_values confidence with an uncalibrated model ran"
grep -q -- "-q_values confidence needs a model calibrated" "$work/uncalibrated.log" || fail "-q_values confidence, uncalibrated model: no clear message"
[ ! -e "$work/refused.tsv" ] || fail "-q_values confidence with an uncalibrated model left an output"
echo "decoys: $all rows with q-values for each method, none a decoy; the stored decoys give the same q-values; -fdr $threshold keeps $kept rows;" \
  "confidence q-values: -fdr $confidence_threshold keeps $confident rows"
