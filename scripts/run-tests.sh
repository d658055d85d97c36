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
# Everything again under AddressSanitizer and UndefinedBehaviorSanitizer (clang; cmake/Sanitizers.cmake has
# the options and suppressions), with the fuzz targets, each run once over its seeds and past findings.
start=$SECONDS
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ -DSPECEMBEDDING_FUZZ=ON
cmake --build build-asan -j"$(nproc)"
built=$SECONDS
(cd build-asan && OPENMS_DISABLE_UPDATE_CHECK=ON ctest --output-on-failure -j"$(nproc)" "$@")
echo "Sanitizer build: $((built - start)) s, its tests: $((SECONDS - built)) s"
