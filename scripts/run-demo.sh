#!/usr/bin/env bash
# Installs the dependencies, builds the tools and runs the main job on the shipped default model and
# demo data: the Annotator identifies 12 MassBank query spectra against a small library with its default search,
# the learned scorer (each query's best hits by the probability that they are its compound, and the analog hit
# of highest predicted structural similarity), with a report to open in a browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" --target SpecEmbeddingAnnotator
mkdir -p demo-output
export OPENMS_DISABLE_UPDATE_CHECK=ON
build/bin/SpecEmbeddingAnnotator -threads "$(nproc)" \
  -in share/SpecEmbedding/demo/queries.mgf -database share/SpecEmbedding/demo/library.msp \
  -top_k 3 \
  -out demo-output/hits.mzTab -out_tsv demo-output/hits.tsv -out_html demo-output/report.html
echo
echo "Best hit (confidence: the probability that it is the query's compound) and analog hit (predicted_similarity:"
echo "the expected Morgan Tanimoto of its structure to the query's) per query"
echo "(demo-output/hits.tsv, demo-output/hits.mzTab; open demo-output/report.html in a browser):"
awk -F'\t' 'function cell(name) { return $column[name] == "" ? "-" : $column[name] }
  NR == 1 { for (i = 1; i <= NF; ++i) column[$i] = i; print "query_id\tkind\tscore\tconfidence\tmass_difference\tpredicted_similarity\tname"; next }
  $column["rank"] == 1 { print cell("query_id") "\t" cell("kind") "\t" cell("score") "\t" cell("confidence") "\t" cell("mass_difference") "\t" \
    cell("predicted_similarity") "\t" cell("name") }' demo-output/hits.tsv | column -t -s$'\t'
