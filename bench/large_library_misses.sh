#!/usr/bin/env bash
# What the large-library misses are: for every dev query whose best hit (embedding search, no filter)
# is another compound, is that compound an isomer (same formula), at the query's precursor m/z
# (within 0.01), from the training distractors? Prints the misses and the counts.
# Usage: bench/large_library_misses.sh MODEL [SHARED_DIR] [BUILD_DIR]; MODE: the ion mode's split,
# positive (default) or negative.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/common.sh
source "$here/bench/common.sh"
data=$(mode_data "${MODE:-positive}")
write_large_library "$work/large.msp"
"$build/bin/SpecEmbeddingAnnotator" -no_progress -threads "$(nproc)" -model "$model" -in "$data/dev_query.msp" \
  -database "$work/large.msp" -top_k 1 -out_tsv "$work/hits.tsv" >/dev/null
dev_ref_spectra=$(grep -c '^Name:' "$data/dev_ref.msp")
# Query compound and formula by query ID, from the query file.
awk 'BEGIN { RS = "" } {
  id = ""; key = ""; formula = ""; name = ""
  n = split($0, lines, "\n")
  for (i = 1; i <= n; ++i) {
    if (lines[i] ~ /^DB#:/) { id = lines[i]; sub(/^DB#: */, "", id) }
    if (lines[i] ~ /^InChIKey:/) { key = lines[i]; sub(/^InChIKey: */, "", key); key = substr(key, 1, 14) }
    if (lines[i] ~ /^Formula:/) { formula = lines[i]; sub(/^Formula: */, "", formula) }
    if (lines[i] ~ /^Name:/) { name = lines[i]; sub(/^Name: */, "", name) }
  }
  print id "\t" key "\t" formula "\t" name
}' "$data/dev_query.msp" > "$work/queries.tsv"
awk -F'\t' -v dev_ref="$dev_ref_spectra" '
  FNR == NR { key[$1] = $2; formula[$1] = $3; name[$1] = $4; next }
  FNR == 1 { for (i = 1; i <= NF; ++i) column[$i] = i; next }
  {
    ++queries
    q = $column["query_id"]
    if (substr($column["inchikey"], 1, 14) == key[q]) next
    ++misses
    isomer = $column["formula"] == formula[q]
    mz = $column["precursor_mz"] - $column["library_precursor_mz"]
    same_mz = (mz < 0 ? -mz : mz) < 0.01
    training = $column["library_index"] >= dev_ref
    isomers += isomer; at_mz += same_mz; from_training += training
    printf "%s\t%s\t->\t%s\t%s%s%s\n", q, name[q], $column["name"], isomer ? "isomer " : "", same_mz ? "same-mz " : "", training ? "training" : "dev"
  }
  END { printf "queries %d, misses %d: isomers (same formula) %d, within 0.01 m/z %d, training spectra %d\n", queries, misses, isomers, at_mz, from_training }
' "$work/queries.tsv" "$work/hits.tsv"
