# Sourced by the benchmarks on the MassBank dev split, after they set $here. Arguments:
# MODEL [SHARED_DIR] [BUILD_DIR]; MODEL falls back to $default_model where the script sets one.
# Sets model, shared, data, build and a temporary work folder, removed on exit.
model=${1:-${default_model:?Usage: $0 MODEL [SHARED_DIR] [BUILD_DIR]}}
shared=$(cd "${2:-$here/../shared}" && pwd)
build=${3:-$here/build}
data=$shared/data/massbank
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPENMS_DISABLE_UPDATE_CHECK=ON

# write_large_library FILE: the large-library task's library, dev_ref plus every training spectrum
# as distractors.
write_large_library() {
  cat "$data/dev_ref.msp" <(echo) "$data/train.msp" > "$1"
}

# evaluate TASK QUERIES LIBRARY [search options]: one row of top-1/5/10 from SpecEmbeddingEvaluator;
# evaluate_header: the matching header. EVALUATE_WIDTHS="TASK SEARCH" sets the column widths.
read -r task_width search_width <<< "${EVALUATE_WIDTHS:-14 48}"
evaluate() {
  local task=$1 queries=$2 library=$3; shift 3
  "$build/bin/SpecEmbeddingEvaluator" -no_progress -threads "$(nproc)" -model "$model" -in "$queries" -database "$library" \
    -out "$work/report.tsv" "$@" >/dev/null
  tail -n 1 "$work/report.tsv" | awk -F'\t' -v task="$task" -v mode="$*" -v tw="$task_width" -v sw="$search_width" \
    '{ printf "%-" tw "s %-" sw "s %5d  %.3f  %.3f  %.3f\n", task, (mode == "" ? "embedding" : mode), $2, $5, $6, $7 }'
}
evaluate_header() {
  printf "%-${task_width}s %-${search_width}s %5s  %-5s  %-5s  %-5s\n" task search queries top1 top5 top10
}
