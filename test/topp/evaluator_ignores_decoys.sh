#!/usr/bin/env bash
# The Evaluator searches as the Annotator does: decoys embedded with a library (-decoys) never take a place
# among a query's hits. Its hit ratios against the library with decoys equal those against the same library
# without them (the cross-lab dev task, where isomer-like decoys would otherwise outrank many true compounds).
# Usage: evaluator_ignores_decoys.sh ANNOTATOR EVALUATOR QUERIES LIBRARY WORK_DIR
set -uo pipefail
annotator=$1 evaluator=$2 queries=$3 library=$4 work=$5
export OPENMS_DISABLE_UPDATE_CHECK=ON
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
"$annotator" -test -database "$library" -decoys -out_library "$work/with_decoys.selib" > "$work/library.log" 2>&1 ||
  { cat "$work/library.log"; fail "embedding the library with decoys failed"; }
grep -q "decoy spectra" "$work/library.log" || fail "no decoys were made"
for database in "$library" "$work/with_decoys.selib"; do
  name=$(basename "$database")
  "$evaluator" -test -in "$queries" -database "$database" -out "$work/$name.tsv" > "$work/$name.log" 2>&1 ||
    { cat "$work/$name.log"; fail "evaluating against $name failed"; }
done
# Columns 1-7: counts and top-1/5/10; the rest names the run's settings and model, the same for both.
plain=$(cut -f1-7 "$work/$(basename "$library").tsv" | tail -1)
decoys=$(cut -f1-7 "$work/with_decoys.selib.tsv" | tail -1)
echo "without decoys: $plain"
echo "with decoys:    $decoys"
[ "$plain" = "$decoys" ] || fail "decoys changed the hit ratios"
echo "PASS"
