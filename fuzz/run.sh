#!/usr/bin/env bash
# Fuzzes the readers of the files users bring, each target for SECONDS, one after the other:
#   fuzz/run.sh SECONDS [TARGET...]     targets: msp mgf model_file embedding_library reference_checkpoint (default: all)
# Builds the fuzz targets first (BUILD_DIR, default build-asan: clang, SPECEMBEDDING_FUZZ=ON, configured
# here when it is not yet; JOBS parallel compiles, default 2). Each target's corpus grows in
# BUILD_DIR/fuzz/TARGET/corpus from the seeds in fuzz/corpus/TARGET; a finding (crash-, leak-, timeout-,
# oom- file: the input that caused it) stops that target's run and lands in BUILD_DIR/fuzz/TARGET/findings,
# with libFuzzer's report in BUILD_DIR/fuzz/TARGET/fuzz.log. Prints per target execs/s, cov and ft
# (libFuzzer's covered code edges and features at the end), the corpus size and the findings; exits 1
# when there were findings, 2 when the build failed. Reproduce one with BUILD_DIR/bin/fuzz_TARGET FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(msp mgf model_file embedding_library reference_checkpoint)
build=${BUILD_DIR:-build-asan}

mkdir -p "$build"
{
  [ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ -DSPECEMBEDDING_FUZZ=ON
  cmake --build "$build" -j"${JOBS:-2}" --target "${targets[@]/#/fuzz_}"
} > "$build/fuzz-build.log" 2>&1 || { cat "$build/fuzz-build.log"; exit 2; }

found=0
printf '%-21s %8s %7s %7s %7s  %s\n' target execs/s cov ft corpus findings
for target in "${targets[@]}"; do
  work="$build/fuzz/$target"
  mkdir -p "$work/corpus" "$work/findings"
  options=(-max_total_time="$seconds" -timeout=10 -print_final_stats=1 -artifact_prefix="$work/findings/")
  [ -f "fuzz/$target.dict" ] && options+=(-dict="fuzz/$target.dict")
  before=$(ls "$work/findings" | wc -l)
  OPENMS_DISABLE_UPDATE_CHECK=ON "$build/bin/fuzz_$target" "${options[@]}" "$work/corpus" "fuzz/corpus/$target" \
    > "$work/fuzz.log" 2>&1 || true
  # The last status line: "#N <event> cov: C ft: F corp: U/SIZE ...".
  status=$(grep -E '^#[0-9]+.* cov: ' "$work/fuzz.log" | tail -1)
  field() { sed -n "s/.* $1: \([^ ]*\).*/\1/p" <<<"$status"; }
  execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log" | tail -1)
  findings=$(ls -t "$work/findings" | head -n $(( $(ls "$work/findings" | wc -l) - before )) | tr '\n' ' ')
  [ -n "$findings" ] && found=1
  printf '%-21s %8s %7s %7s %7s  %s\n' "$target" "${execs:-?}" "$(field cov)" "$(field ft)" "$(field corp | cut -d/ -f1)" "${findings:-none}"
done
exit $found
