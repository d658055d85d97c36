#!/usr/bin/env bash
# Top-1 of search variants beside plain cosine, on the validation twins (held-out training compounds)
# and on the dev tasks: an ensemble of the models given (mean cosine), compound-level instead of
# spectrum-level scores, and a hubness correction. None is a tool option; this measures whether one
# would help. The Annotator embeds every set (-out_embeddings), bench/search_variants.py scores them
# (Debian's python3-numpy).
# Usage: bench/search_variants.sh MODEL [MODEL...]   (SHARED_DIR and BUILD_DIR from the environment; the
# validation twins are those of the first model)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
models=("$@")
# shellcheck source=bench/common.sh
source "$here/bench/common.sh" "${models[0]}" "${SHARED_DIR:-}" "${BUILD_DIR:-}"

write_validation_tasks
for set in dev_query dev_ref dev_xlab_query dev_xlab_ref train; do ln -s "$data/$set.msp" "$work/$set.msp"; done
names=()
for i in "${!models[@]}"; do
  name=$(basename "${models[$i]}" .model)-$i
  names+=("$name")
  mkdir -p "$work/$name"
  for set in replicate_query xlab_query xlab_ref large_ref dev_query dev_ref dev_xlab_query dev_xlab_ref train; do
    "$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$(nproc)" -model "${models[$i]}" -in "$work/$set.msp" \
      -out_embeddings "$work/$name/$set.tsv" >/dev/null
  done
done
/usr/bin/python3 "$here/bench/search_variants.py" "$work" "$work" "${names[@]}"
