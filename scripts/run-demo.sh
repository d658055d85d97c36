#!/usr/bin/env bash
# Installs the dependencies, builds the tools and runs the main job on the shipped default model and
# demo data: the Annotator identifies 12 MassBank query spectra against a small library.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" --target SpecEmbeddingAnnotator
mkdir -p demo-output
export OPENMS_DISABLE_UPDATE_CHECK=ON
build/bin/SpecEmbeddingAnnotator -threads "$(nproc)" \
  -in share/SpecEmbedding/demo/queries.mgf -database share/SpecEmbedding/demo/library.msp \
  -top_k 3 -out demo-output/hits.mzTab -out_tsv demo-output/hits.tsv
echo
echo "Best hit per query (demo-output/hits.tsv, demo-output/hits.mzTab):"
awk -F'\t' 'NR == 1 || $3 == 1 { print $2 "\t" $3 "\t" $4 "\t" $9 }' demo-output/hits.tsv | column -t -s$'\t'
