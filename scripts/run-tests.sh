#!/usr/bin/env bash
# Installs the dependencies, builds the project and runs its tests (CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
cd build
OPENMS_DISABLE_UPDATE_CHECK=ON ctest --output-on-failure -j"$(nproc)" "$@"
