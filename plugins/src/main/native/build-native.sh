#!/usr/bin/env bash
# Builds libtrt4j_plugins.so with CMake + nvcc; Maven runs it for the plugins module (generate-resources).
#   build-native.sh BUILD_DIR OUT_DIR RESOURCE_DIR
# OUT_DIR gets libtrt4j_plugins.so and the trt4j_plugins_smoke checker; RESOURCE_DIR gets a copy of the .so that the
# jar carries. Without nvcc or cmake it prints why and exits 0: the Java part of the module builds regardless and
# Plugins.load() reports the missing library when asked for it.
# TRT4J_CUDA_ARCHS (e.g. "90") narrows the fat binary for quicker local builds.
set -euo pipefail
build_dir=$1 out_dir=$2 resource_dir=$3
mkdir -p "$build_dir"
src_dir=$(cd "$(dirname "$0")" && pwd)

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
