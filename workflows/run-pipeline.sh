#!/bin/sh
# Runs a TOPPAS workflow headless with OpenMS's ExecutePipeline, using the SpecEmbedding tools of a build.
#
#   workflows/run-pipeline.sh WORKFLOW.toppas OUT_DIR [RESOURCES.trf]
#
# ExecutePipeline looks for a workflow's tools only beside its own executable, resolved to its real path:
# started through a symlink to /usr/bin/ExecutePipeline it still looks in /usr/bin, where our tools are not.
# So this script makes a bin directory holding a COPY of ExecutePipeline, copies of the OpenMS tools the
# workflow names and links to the SpecEmbedding tools (which find their share/ through their real path),
# and runs the copy. Outputs land in OUT_DIR/TOPPAS_out/, the log in OUT_DIR/TOPPAS.log. The Debian package needs
# none of this: its tools are in /usr/bin, beside /usr/bin/ExecutePipeline.
#
# Environment:
#   SPECEMBEDDING_BIN  the SpecEmbedding tools (default: build/bin of this checkout)
#   OPENMS_BIN         the OpenMS TOPP tools (default: the directory of ExecutePipeline on PATH)
#   PIPELINE_BIN       the bin directory to fill (default: a temporary one, removed afterwards)
set -eu

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 WORKFLOW.toppas OUT_DIR [RESOURCES.trf]" >&2
  exit 2
fi
workflow=$1
out_dir=$2
resources=${3:-}

here=$(cd "$(dirname "$0")" && pwd)
specembedding_bin=${SPECEMBEDDING_BIN:-$here/../build/bin}
if [ -z "${OPENMS_BIN:-}" ]; then
  execute_pipeline=$(command -v ExecutePipeline) || { echo "ExecutePipeline not found (Debian package 'topp')" >&2; exit 1; }
  OPENMS_BIN=$(dirname "$(readlink -f "$execute_pipeline")")
fi

if [ -n "${PIPELINE_BIN:-}" ]; then
  bin=$PIPELINE_BIN
  mkdir -p "$bin"
  if [ "$(readlink -f "$bin")" = "$(readlink -f "$OPENMS_BIN")" ]; then
    echo "PIPELINE_BIN must not be OpenMS's bin directory" >&2
    exit 1
  fi
else
  bin=$(mktemp -d "${TMPDIR:-/tmp}/specembedding-pipeline.XXXXXX")
  trap 'rm -rf "$bin"' EXIT
fi

rm -f "$bin/ExecutePipeline"
cp "$OPENMS_BIN/ExecutePipeline" "$bin/ExecutePipeline"
# The tools the workflow runs: its vertices' tool_name items.
tools=$(sed -n 's/.*name="tool_name" value="\([A-Za-z0-9_]*\)".*/\1/p' "$workflow" | sort -u)
for tool in $tools; do
  if [ -x "$specembedding_bin/$tool" ]; then
    ln -sfn "$(readlink -f "$specembedding_bin/$tool")" "$bin/$tool"
  elif [ -x "$OPENMS_BIN/$tool" ]; then
    rm -f "$bin/$tool"
    cp "$OPENMS_BIN/$tool" "$bin/$tool"
  else
    echo "tool '$tool' of $workflow is in neither $specembedding_bin nor $OPENMS_BIN" >&2
    exit 1
  fi
done

mkdir -p "$out_dir"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
echo "Running $workflow with $bin/ExecutePipeline (tools: $(echo $tools))"
status=0
if [ -n "$resources" ]; then
  "$bin/ExecutePipeline" -in "$workflow" -out_dir "$out_dir" -resource_file "$resources" || status=$?
else
  "$bin/ExecutePipeline" -in "$workflow" -out_dir "$out_dir" || status=$?
fi
if [ "$status" -ne 0 ]; then
  # What ExecutePipeline saw beside itself, for a tool it reports as not found.
  echo "ExecutePipeline failed with exit code $status; $bin holds:" >&2
  ls -lL "$bin" >&2 || true
fi
exit "$status"
