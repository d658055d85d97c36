#!/bin/sh
# Builds the Debian package with CPack from BUILD_DIR into OUT_DIR and checks its name, its files (under
# /usr, beside /usr/bin/ExecutePipeline) and its Depends (dpkg-shlibdeps' libraries plus OpenBLAS).
#   check_deb_package.sh BUILD_DIR OUT_DIR VERSION
set -eu
build=$1
out=$2
version=$3
rm -rf "$out"
mkdir -p "$out"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out" > "$out/cpack.log" 2>&1 || { cat "$out/cpack.log"; exit 1; }
deb="$out/specembedding_${version}_amd64.deb"
[ -f "$deb" ] || { echo "FAIL: no $deb"; ls "$out"; exit 1; }
dpkg-deb -I "$deb"
status=0
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/SpecEmbeddingAnnotator ./usr/bin/SpecEmbeddingTrainer ./usr/bin/SpecEmbeddingEvaluator \
         ./usr/lib/libSpecEmbeddingCore.so ./usr/lib/libSpecEmbeddingOpenMS.so \
         ./usr/share/SpecEmbedding/models/default.model ./usr/share/SpecEmbedding/models/default.model.md \
         ./usr/share/SpecEmbedding/demo/queries.mgf ./usr/share/SpecEmbedding/workflows/SpecEmbeddingAnnotation.toppas; do
  echo "$files" | grep -qx "$f" || { echo "FAIL: $f is not in the package"; status=1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for package in libopenms2.6.0 libtorch1.13 librdkit1 libopenblas0-openmp libqt5core5a libssl3 libstdc++6; do
  echo "$depends" | tr ',' '\n' | grep -q "^ *$package\b" || { echo "FAIL: Depends lacks $package"; status=1; }
done
[ $status -eq 0 ] && echo "$deb: ok"
exit $status
