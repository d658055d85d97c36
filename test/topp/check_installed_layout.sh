#!/bin/sh
# Checks an installation prefix: the tools, the plugin libraries found through RPATH $ORIGIN/../lib (so
# from the prefix, not from a build tree), and share/SpecEmbedding.
#   check_installed_layout.sh PREFIX
set -eu
prefix=$1
status=0
fail() { echo "FAIL: $*"; status=1; }

for f in bin/SpecEmbeddingTrainer bin/SpecEmbeddingAnnotator bin/SpecEmbeddingEvaluator \
         lib/libSpecEmbeddingCore.so lib/libSpecEmbeddingOpenMS.so \
         share/SpecEmbedding/models/default.model share/SpecEmbedding/models/default.model.md \
         share/SpecEmbedding/descriptors/SpecEmbeddingAnnotator.ctd share/SpecEmbedding/descriptors/mime.types \
         share/SpecEmbedding/demo/queries.mgf share/SpecEmbedding/demo/library.msp \
         share/SpecEmbedding/workflows/SpecEmbeddingAnnotation.toppas share/SpecEmbedding/workflows/FeatureAnnotation.toppas \
         share/SpecEmbedding/demo/runs/GNPSExport_mzml1.mzML share/SpecEmbedding/demo/runs/LICENSE-OpenMS; do
  [ -f "$prefix/$f" ] || fail "$f is not installed"
done

for f in "$prefix"/bin/SpecEmbedding* "$prefix"/lib/libSpecEmbedding*.so; do
  runpath=$(readelf -d "$f" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p;s/.*(RPATH).*\[\(.*\)\]/\1/p')
  [ "$runpath" = '$ORIGIN/../lib' ] || fail "$f has RUNPATH '$runpath', not '\$ORIGIN/../lib'"
  # Every SpecEmbedding library it loads comes from the prefix.
  for lib in $(ldd "$f" | awk '/libSpecEmbedding/ { print $3 }'); do
    [ "$(dirname "$(readlink -f "$lib")")" = "$(cd "$prefix/lib" && pwd -P)" ] || fail "$f loads $lib, outside $prefix/lib"
  done
  ldd "$f" | grep -q 'not found' && fail "$f has unresolved libraries: $(ldd "$f" | grep 'not found')"
done

# The installed workflow names the installed demo data.
grep -q '"../demo/queries.mgf"' "$prefix/share/SpecEmbedding/workflows/SpecEmbeddingAnnotation.toppas" ||
  fail "the installed workflow does not name ../demo/queries.mgf"
grep -q '"../demo/runs/GNPSExport_mzml1.mzML"' "$prefix/share/SpecEmbedding/workflows/FeatureAnnotation.toppas" ||
  fail "the installed feature workflow does not name ../demo/runs/GNPSExport_mzml1.mzML"

[ $status -eq 0 ] && echo "installation in $prefix: ok"
exit $status
