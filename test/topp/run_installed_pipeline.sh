#!/bin/sh
# Runs the installed workflows with /usr/bin/ExecutePipeline into OUT_DIR (spectra) and OUT_DIR/features and
# checks that the Annotator it found in /usr/bin used the default model in /usr/share and wrote hits, and that
# FeatureFinderMetabo, FeatureLinkerUnlabeledQT and the Annotator annotated features of the installed demo
# runs. Run it under run_over_usr.sh.
#   run_installed_pipeline.sh OUT_DIR
set -eu
out=$1
rm -rf "$out"
mkdir -p "$out/tmp"
# OPENMS_TMPDIR: TOPPAS's temporary files stay in the test's folder.
OPENMS_TMPDIR="$out/tmp" /usr/bin/ExecutePipeline -in /usr/share/SpecEmbedding/workflows/SpecEmbeddingAnnotation.toppas -out_dir "$out"
grep -q "Model '/usr/share/SpecEmbedding/models/default.model' (a shipped model)" "$out/TOPPAS.log" ||
  { echo "FAIL: the Annotator did not use /usr/share/SpecEmbedding/models/default.model"; exit 1; }
f=$(ls "$out"/TOPPAS_out/*-SpecEmbeddingAnnotator-out/queries.mzTab)
n=$(grep -c '^SML' "$f")
echo "$n hits in $f"
test "$n" -gt 0

mkdir -p "$out/features/tmp"
OPENMS_TMPDIR="$out/features/tmp" /usr/bin/ExecutePipeline -in /usr/share/SpecEmbedding/workflows/FeatureAnnotation.toppas -out_dir "$out/features"
f=$(ls "$out"/features/TOPPAS_out/*-SpecEmbeddingAnnotator-out/*.mzTab)
n=$(grep -c '^SML' "$f")
echo "$n feature hits in $f"
test "$n" -gt 0
