#!/usr/bin/env bash
# Builds libtrt4j_plugins.so with CMake + nvcc; Maven runs it for the plugins module (generate-resources).
#   build-native.sh BUILD_DIR OUT_DIR RESOURCE_DIR [PLATFORM]
# PLATFORM (javacpp.platform, default this host's): linux-arm64 on an x86-64 host cross-builds for Jetson Orin with
# cross-build-aarch64.sh (skipped with a message where the aarch64 toolchain is missing); a platform that is neither
# this host's nor linux-arm64 is skipped, so the jar never carries a library for the wrong machine.
# OUT_DIR gets libtrt4j_plugins.so and the trt4j_plugins_smoke checker; RESOURCE_DIR gets a copy of the .so that the
# jar carries. Without nvcc or cmake it prints why and exits 0: the Java part of the module builds regardless and
# Plugins.load() reports the missing library when asked for it.
# TRT4J_CUDA_ARCHS (e.g. "90") narrows the fat binary for quicker local builds.
set -euo pipefail
build_dir=$1 out_dir=$2 resource_dir=$3
mkdir -p "$build_dir"
src_dir=$(cd "$(dirname "$0")" && pwd)
case "$(uname -m)" in x86_64|amd64) host_platform=linux-x86_64 ;; aarch64|arm64) host_platform=linux-arm64 ;; *) host_platform=linux-$(uname -m) ;; esac
platform=${4:-$host_platform}
if [[ "$platform" != "$host_platform" ]]; then
  if [[ "$platform" == linux-arm64 && "$host_platform" == linux-x86_64 ]]; then
    if ! command -v aarch64-linux-gnu-g++ >/dev/null; then
      echo "[trt4j plugins] aarch64-linux-gnu-g++ not found (apt-get install g++-aarch64-linux-gnu): skipping the linux-arm64 libtrt4j_plugins.so"
      exit 0
    fi
    "$src_dir/cross-build-aarch64.sh" "$out_dir-aarch64"
    mkdir -p "$resource_dir"
    if command -v python3 >/dev/null; then python3 "$src_dir/check-aarch64-elf.py" "$out_dir-aarch64/libtrt4j_plugins.so"; fi
    cp "$out_dir-aarch64/libtrt4j_plugins.so" "$resource_dir/"
    exit 0
  fi
  echo "[trt4j plugins] cannot build libtrt4j_plugins.so for $platform on $host_platform: skipping it"
  exit 0
fi

nvcc_path=""
for candidate in "$(command -v nvcc || true)" "${CUDA_HOME:+$CUDA_HOME/bin/nvcc}" /usr/local/cuda/bin/nvcc; do
  if [[ -n "$candidate" && -x "$candidate" ]]; then nvcc_path=$candidate; break; fi
done
if [[ -z "$nvcc_path" ]]; then
  echo "[trt4j plugins] nvcc not found (PATH, \$CUDA_HOME/bin, /usr/local/cuda/bin): skipping libtrt4j_plugins.so"
  exit 0
fi
if ! command -v cmake >/dev/null; then
  echo "[trt4j plugins] cmake not found: skipping libtrt4j_plugins.so (nvcc is $nvcc_path)"
  exit 0
fi

arch_option=()
if [[ -n "${TRT4J_CUDA_ARCHS:-}" ]]; then arch_option=("-DTRT4J_CUDA_ARCHS=$TRT4J_CUDA_ARCHS"); fi
echo "[trt4j plugins] building libtrt4j_plugins.so with $nvcc_path"
cmake -S "$src_dir" -B "$build_dir" -DCMAKE_CUDA_COMPILER="$nvcc_path" ${arch_option[@]+"${arch_option[@]}"} \
  -DCMAKE_BUILD_TYPE=Release > "$build_dir.configure.log" 2>&1 \
  || { cat "$build_dir.configure.log"; exit 1; }
cmake --build "$build_dir" --parallel 2
mkdir -p "$out_dir" "$resource_dir"
cp "$build_dir/libtrt4j_plugins.so" "$build_dir/trt4j_plugins_smoke" "$out_dir/"
cp "$build_dir/libtrt4j_plugins.so" "$resource_dir/"
echo "[trt4j plugins] built $out_dir/libtrt4j_plugins.so"
