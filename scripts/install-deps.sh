#!/usr/bin/env bash
# Installs every Debian 12 package the project needs to build, test and run. clang, its sanitizer and
# libFuzzer runtimes (libclang-rt-14-dev) and llvm (llvm-symbolizer, for readable sanitizer reports) build
# and run the sanitizer tests and the fuzz targets. snakemake (7.21) runs workflows/Snakefile.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake pkg-config file libxml2-utils \
  libopenms-dev topp \
  qtbase5-dev libxerces-c-dev libeigen3-dev \
  coinor-libcbc-dev coinor-libcgl-dev coinor-libclp-dev coinor-libcoinutils-dev coinor-libosi-dev \
  libsvm-dev libboost-iostreams-dev libboost-date-time-dev libboost-math-dev libboost-regex-dev \
  libwildmagic-dev libhdf5-dev libcurl4-openssl-dev libaec-dev libglpk-dev \
  libtorch-dev libgloo-dev libopenblas0-openmp libfaiss-dev libxgboost-dev \
  librdkit-dev nlohmann-json3-dev libssl-dev \
  python3-torch python3-numpy python3-rdkit python3-matplotlib python3-networkx chromium \
  snakemake \
  clang libclang-rt-14-dev llvm \
  >/dev/null
