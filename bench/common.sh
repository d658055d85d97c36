# Sourced by the accuracy benchmarks. Needs $build, $model and $work; EVALUATE_WIDTHS="TASK SEARCH"
# sets the column widths (default "14 48").
# evaluate TASK QUERIES LIBRARY [search options]: one row of top-1/5/10 from SpecEmbeddingEvaluator.
# evaluate_header: the matching header row.
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
