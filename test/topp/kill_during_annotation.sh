#!/usr/bin/env bash
# Kills the Annotator with SIGKILL while it embeds the library, then checks that no output was left at
# the output paths and that running it again gives exactly the output of an uninterrupted run.
# Usage: kill_during_annotation.sh ANNOTATOR QUERIES LIBRARY MODEL WORK_DIR
set -uo pipefail
annotator=$1 queries=$2 library=$3 model=$4 work=$5
export OPENMS_DISABLE_UPDATE_CHECK=ON
rm -rf "$work" && mkdir -p "$work/killed" "$work/clean"
args=(-test -threads 2 -in "$queries" -database "$library" -model "$model" -top_k 5)
run() { "$annotator" "${args[@]}" -out_tsv "$1/hits.tsv" -out "$1/hits.mzTab" > "$1/log.txt" 2>&1; }
# Started directly, so that $! is the Annotator: `run ... &` would make it the function's subshell, and
# kill -9 would leave the Annotator running on beside the rerun.
"$annotator" "${args[@]}" -out_tsv "$work/killed/hits.tsv" -out "$work/killed/hits.mzTab" > "$work/killed/log.txt" 2>&1 &
pid=$!
for _ in $(seq 300); do # wait until the library is being embedded (at most 30 s)
  grep -q "embedding the library" "$work/killed/log.txt" 2>/dev/null && break
  sleep 0.1
done
sleep 1
kill -9 $pid
wait $pid 2>/dev/null
if [ -e "$work/killed/hits.tsv" ] || [ -e "$work/killed/hits.mzTab" ]; then echo "FAIL: the killed run left an output file"; exit 1; fi
grep -q "Searched" "$work/killed/log.txt" && { echo "FAIL: the run finished before it was killed; nothing was tested"; exit 1; }
echo "killed during: $(grep -o "embedding the library" "$work/killed/log.txt" | head -1); no output left"
run "$work/killed" || { echo "FAIL: the rerun failed"; cat "$work/killed/log.txt"; exit 1; }
run "$work/clean" || { echo "FAIL: the uninterrupted run failed"; exit 1; }
cmp "$work/killed/hits.tsv" "$work/clean/hits.tsv" || { echo "FAIL: the rerun's hits differ from an uninterrupted run's"; exit 1; }
grep -v "ms_run\[1\]-location" "$work/killed/hits.mzTab" > "$work/killed.mzTab"
grep -v "ms_run\[1\]-location" "$work/clean/hits.mzTab" > "$work/clean.mzTab"
cmp "$work/killed.mzTab" "$work/clean.mzTab" || { echo "FAIL: the rerun's mzTab differs"; exit 1; }
echo "the rerun gives the uninterrupted run's hits"
