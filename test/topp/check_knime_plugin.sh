#!/bin/sh
# Checks a GenericKnimeNodes plugin source folder made by cmake/KnimePlugin.cmake.
#   check_knime_plugin.sh PLUGIN_DIR VERSION
set -eu
plugin=$1
version=$2
status=0
fail() { echo "FAIL: $*"; status=1; }

for f in plugin.properties descriptors/mime.types descriptors/SpecEmbeddingTrainer.ctd \
         descriptors/SpecEmbeddingAnnotator.ctd descriptors/SpecEmbeddingEvaluator.ctd payload/binaries_lnx_64.zip; do
  [ -f "$plugin/$f" ] || fail "$f is missing"
done
grep -qx "pluginVersion=$version" "$plugin/plugin.properties" || fail "plugin.properties does not state pluginVersion=$version"
grep -qx "nodeRepositoryRoot=community" "$plugin/plugin.properties" || fail "plugin.properties lacks nodeRepositoryRoot"

# The payload: binaries.ini and the installation, laid out as GenericKnimeNodes extracts it.
listing=$(cd "$plugin/payload" && cmake -E tar tf binaries_lnx_64.zip)
for f in binaries.ini bin/SpecEmbeddingTrainer bin/SpecEmbeddingAnnotator bin/SpecEmbeddingEvaluator \
         lib/libSpecEmbeddingCore.so lib/libSpecEmbeddingOpenMS.so share/SpecEmbedding/models/default.model; do
  echo "$listing" | grep -qx "$f" || fail "the payload lacks $f"
done
[ $status -eq 0 ] && echo "plugin in $plugin: ok"
exit $status
