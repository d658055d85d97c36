#!/usr/bin/env bash
# Outputs that cannot be written: the Annotator ends with CANNOT_WRITE_OUTPUT_FILE (5), names the output
# path, and leaves no file in the output folder: a read-only folder, a full disk, and a folder where the
# output file should be. The first two mount small tmpfs file systems, which needs root; as another user
# they are skipped (exit 77, CTest's SKIP_RETURN_CODE) after the third has run.
# Usage: write_failures.sh ANNOTATOR QUERIES LIBRARY MODEL WORK_DIR
set -uo pipefail
annotator=$1 queries=$2 library=$3 model=$4 work=$5
export OPENMS_DISABLE_UPDATE_CHECK=ON
cleanup() { for dir in "$work/read-only" "$work/full"; do mountpoint -q "$dir" && umount "$dir"; done; }
trap cleanup EXIT
cleanup
rm -rf "$work" && mkdir -p "$work"
failures=0

# expect_write_failure FOLDER FILE OPTION: the run writing FOLDER/FILE with OPTION (-out_tsv, -out) must fail
# with exit code 5, name FOLDER/FILE, and leave FOLDER empty.
expect_write_failure() {
  local folder=$1 file=$2 option=$3
  "$annotator" -test -in "$queries" -database "$library" -model "$model" -top_k 50 "$option" "$folder/$file" > "$work/log.txt" 2>&1
  local code=$?
  local left; left=$(find "$folder" -mindepth 1 -maxdepth 1 ! -name "$file" | wc -l)
  if [ "$code" -ne 5 ]; then echo "FAIL $folder: exit code $code, expected 5"; cat "$work/log.txt"; failures=$((failures + 1)); fi
  if ! grep -qF "$folder/$file" "$work/log.txt"; then echo "FAIL $folder: the message does not name $folder/$file"; cat "$work/log.txt"; failures=$((failures + 1)); fi
  if [ "$left" -ne 0 ] || { [ -e "$folder/$file" ] && [ ! -d "$folder/$file" ]; }; then
    echo "FAIL $folder: files were left behind:"; ls -la "$folder"; failures=$((failures + 1))
  fi
  echo "$folder ($option): exit code $code; $(grep -m1 -i "error\|cannot" "$work/log.txt")"
}

mkdir -p "$work/folder/hits.tsv"
expect_write_failure "$work/folder" hits.tsv -out_tsv

if [ "$(id -u)" -ne 0 ]; then echo "not root: the read-only and full-disk cases need tmpfs mounts"; exit $((failures > 0 ? 1 : 77)); fi
mkdir -p "$work/read-only" "$work/full"
mount -t tmpfs -o ro,size=1m tmpfs "$work/read-only" || { echo "cannot mount tmpfs"; exit 77; }
mount -t tmpfs -o size=16k tmpfs "$work/full" || { echo "cannot mount tmpfs"; exit 77; }
expect_write_failure "$work/read-only" hits.tsv -out_tsv
expect_write_failure "$work/full" hits.tsv -out_tsv
expect_write_failure "$work/full" hits.mzTab -out
[ "$failures" -eq 0 ] && echo "all write failures reported"
exit $((failures > 0))
