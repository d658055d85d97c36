#!/usr/bin/env bash
# Installs the dependencies, builds the project and runs its tests (CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
(cd build && OPENMS_DISABLE_UPDATE_CHECK=ON ctest --output-on-failure -j"$(nproc)" "$@")
# The core alone, as on a machine with LibTorch but neither OpenMS nor RDKit.
cmake -S . -B build-core -DCMAKE_BUILD_TYPE=Release -DSPECEMBEDDING_WITH_OPENMS=OFF -DCMAKE_DISABLE_FIND_PACKAGE_RDKit=ON
cmake --build build-core -j"$(nproc)"
(cd build-core && ctest --output-on-failure -j"$(nproc)" "$@")
