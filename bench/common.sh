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

# mode_data MODE: the MassBank split of an ion mode ("positive" or "negative").
mode_data() {
  case $1 in
    positive) echo "$shared/data/massbank" ;;
    negative) echo "$shared/data/massbank-negative" ;;
    *) echo "unknown mode '$1'" >&2; return 1 ;;
  esac
}

# write_large_library FILE: the large-library task's library, dev_ref plus every training spectrum
# as distractors.
write_large_library() {
  cat "$data/dev_ref.msp" <(echo) "$data/train.msp" > "$1"
}

# evaluate TASK QUERIES LIBRARY [search options]: one row of top-1/5/10 from SpecEmbeddingEvaluator (the tools'
# default search without options; EMBEDDING_ALONE holds the options of the embedding alone, as published);
# evaluate_header: the matching header. EVALUATE_WIDTHS="TASK SEARCH" sets the column widths.
read -r task_width search_width <<< "${EVALUATE_WIDTHS:-14 48}"
EMBEDDING_ALONE="-rescoring none -precursor_mass_tolerance 0 -analog_hits 0"
evaluate() {
  local task=$1 queries=$2 library=$3; shift 3
  "$build/bin/SpecEmbeddingEvaluator" -no_progress -threads "$(nproc)" -model "$model" -in "$queries" -database "$library" \
    -out "$work/report.tsv" "$@" >/dev/null
  tail -n 1 "$work/report.tsv" | awk -F'\t' -v task="$task" -v mode="$*" -v tw="$task_width" -v sw="$search_width" \
    '{ printf "%-" tw "s %-" sw "s %5d  %.3f  %.3f  %.3f\n", task, (mode == "" ? "default" : mode), $2, $5, $6, $7 }'
}
evaluate_header() {
  printf "%-${task_width}s %-${search_width}s %5s  %-5s  %-5s  %-5s\n" task search queries top1 top5 top10
}

# held_out_keys FILE: the first InChIKey blocks of the compounds $model was validated on, which it was not
# trained on: SpecEmbeddingTrainer's own split of its training files, with the -validation_fraction and
# -seed its provenance records.
held_out_keys() {
  local recipe
  read -ra recipe < <(/usr/bin/python3 "$here/bench/model_recipe.py" "$model" "$shared")
  "$build/bin/validation_compounds" "${recipe[@]}" 2>/dev/null > "$1"
}

# write_analog_twin DIR: the analog task's twin on the compounds of train.msp that $model was not trained on
# ($work/keys.txt, which held_out_keys writes first): DIR/validation_query.msp holds the first spectrum of
# each, DIR/validation_library.msp the spectra of the training compounds.
write_analog_twin() {
  awk -v out="$1" 'BEGIN { RS = ""; ORS = "\n\n" }
    FNR == NR { held[$1] = 1; next }
    { key = ""; n = split($0, lines, "\n")
      for (i = 1; i <= n; ++i) if (lines[i] ~ /^InChIKey:/) { key = substr(lines[i], index(lines[i], ":") + 1); gsub(/^ +/, "", key); key = substr(key, 1, 14) }
      if (!(key in held)) print > (out "/validation_library.msp")
      else if (!(key in seen)) { seen[key] = 1; print > (out "/validation_query.msp") } }' RS='\n' "$work/keys.txt" RS='' "$data/train.msp"
}

# write_validation_tasks: the dev tasks' twins on the compounds of train.msp that $model was not trained on
# (held_out_keys). In $work:
#   replicate_{query,ref}.msp: per compound with >= 2 spectra, its first spectrum queries all others;
#   xlab_{query,ref}.msp: per compound from >= 2 labs (DB# second part), its first spectrum queries a
#                         library without that compound's spectra from the query's lab;
#   large_ref.msp: replicate_ref.msp plus every spectrum of the training compounds as distractors.
write_validation_tasks() {
  held_out_keys "$work/keys.txt"
  awk -v out="$work" 'BEGIN { RS = ""; ORS = "\n\n" }
    FNR == NR { for (i = 1; i <= NF; ++i) held[$i] = 1; next }
    {
      key = ""; lab = ""
      n = split($0, lines, "\n")
      for (i = 1; i <= n; ++i) {
        if (lines[i] ~ /^InChIKey:/) { key = substr(lines[i], index(lines[i], ":") + 1); gsub(/^ +/, "", key); key = substr(key, 1, 14) }
        if (lines[i] ~ /^DB#:/) { split(lines[i], parts, "-"); lab = parts[2] }
      }
      if (!(key in held)) { print > (out "/distractors.msp"); next }
      ++count; record[count] = $0; key_of[count] = key; lab_of[count] = lab
      spectra[key]++
      if (!((key, lab) in seen)) { seen[key, lab] = 1; labs[key]++ }
      if (!(key in first)) first[key] = count
    }
    END {
      for (i = 1; i <= count; ++i) {
        k = key_of[i]
        if (spectra[k] >= 2 && first[k] == i) print record[i] > (out "/replicate_query.msp"); else print record[i] > (out "/replicate_ref.msp")
        if (labs[k] >= 2 && first[k] == i) print record[i] > (out "/xlab_query.msp")
        else if (!(labs[k] >= 2 && lab_of[i] == lab_of[first[k]])) print record[i] > (out "/xlab_ref.msp")
      }
    }' "$work/keys.txt" "$data/train.msp"
  cat "$work/replicate_ref.msp" "$work/distractors.msp" > "$work/large_ref.msp"
  rm "$work/distractors.msp"
}
