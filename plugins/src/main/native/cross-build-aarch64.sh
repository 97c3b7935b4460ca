#!/usr/bin/env bash
# Cross-builds libtrt4j_plugins.so for Jetson Orin (aarch64, sm_87) on an x86-64 host:
#   cross-build-aarch64.sh OUT_DIR            (default: plugins/target/native-aarch64)
# Needs Debian's aarch64 toolchain (apt-get install g++-aarch64-linux-gnu) and an nvcc. Environment:
#   CUDA_HOME        toolkit with nvcc (default: the nvcc on PATH, else /usr/local/cuda)
#   TRT4J_AARCH64_CUDA_ARCHS real architectures (space or ; separated), default "87" (Orin). sm_72 (Xavier) needs CUDA <= 12.x: CUDA 13 dropped it.
#   CROSS_PREFIX     toolchain prefix, default aarch64-linux-gnu-
#
# The CUDA runtime, two ways:
#   static  CUDA_HOME has an aarch64 target (targets/aarch64-linux, e.g. NVIDIA's cuda-cross-aarch64 packages):
#           libcudart_static.a is linked in, as the x86-64 build does.
#   import  only the x86-64 target is installed (this project's CI): nvcc's host stubs call the CUDA runtime
#           (__cudaRegisterFatBinary, __cudaLaunchKernel, cudaGetLastError...), and there is no aarch64 libcudart to
#           link. The script then writes an import library: a libcudart.so.12 made of empty functions with the names
#           (version node libcudart.so.12) of the runtime symbols the objects use. It exists only for the linker, like
#           CUDA's stubs/libcuda.so, and is not shipped: the plugin library records NEEDED libcudart.so.12 and binds
#           to the real one that the JVM has loaded (JavaCPP's cudart, i.e. JetPack's /usr/local/cuda/lib64) when
#           TensorRT dlopens it. Its cubins then come from this nvcc (CUDA 13 here): whether JetPack 6's CUDA 12.x
#           driver accepts cubins from a newer toolkit can only be checked on a device (README, "Jetson").
# check-aarch64-elf.py checks the result (ELF, exports, glibc, CUDA runtime imports, cubin architectures).
set -euo pipefail
src_dir=$(cd "$(dirname "$0")" && pwd)
out_dir=$(mkdir -p "${1:-$src_dir/../../../target/native-aarch64}" && cd "${1:-$src_dir/../../../target/native-aarch64}" && pwd)
cross=${CROSS_PREFIX:-aarch64-linux-gnu-}
archs=${TRT4J_AARCH64_CUDA_ARCHS:-87}
archs=${archs//;/ }

cuda_home=${CUDA_HOME:-}
if [[ -z "$cuda_home" ]]; then
  # nvcc on PATH may be a wrapper script; its dry run names the real toolkit root (TOP=...).
  if command -v nvcc >/dev/null; then
    cuda_home=$(nvcc --dryrun --version 2>&1 | sed -n 's/^#\$ TOP=//p' | head -1)
    cuda_home=${cuda_home:+$(cd "$cuda_home" && pwd)}
  fi
  cuda_home=${cuda_home:-/usr/local/cuda}
fi
nvcc=$cuda_home/bin/nvcc
for tool in "$nvcc" "$(command -v "${cross}g++" || true)"; do
  [[ -n "$tool" && -x "$tool" ]] || { echo "[trt4j aarch64] missing tool: ${tool:-${cross}g++} (apt-get install g++-aarch64-linux-gnu)" >&2; exit 2; }
done

# Headers are architecture-independent; take them from whichever target the toolkit has.
target_dir=""
for candidate in "$cuda_home/targets/aarch64-linux" "$cuda_home/targets/x86_64-linux" "$cuda_home"; do
  if [[ -f "$candidate/include/cuda_runtime.h" ]]; then target_dir=$candidate; break; fi
done
[[ -n "$target_dir" ]] || { echo "[trt4j aarch64] no cuda_runtime.h under $cuda_home" >&2; exit 2; }
if [[ -f "$cuda_home/targets/aarch64-linux/lib/libcudart_static.a" ]]; then runtime=static; else runtime=import; fi
nvcc_major=$("$nvcc" --version | sed -n 's/.*release \([0-9]*\)\..*/\1/p')
if [[ $runtime == import && "$nvcc_major" -lt 12 ]]; then
  # The import library stands for libcudart.so.12 (JetPack 6); CUDA 11 code needs libcudart.so.11.0 and its ABI.
  echo "[trt4j aarch64] CUDA $nvcc_major without targets/aarch64-linux: only CUDA >= 12 can use the libcudart.so.12 import library" >&2
  exit 2
fi

gencode=()
supported=" $("$nvcc" --list-gpu-arch 2>/dev/null | tr '\n' ' ') "
for arch in $archs; do
  if [[ "$supported" != *" compute_$arch "* ]]; then
    echo "[trt4j aarch64] this nvcc ($("$nvcc" --version | grep -o 'release [0-9.]*')) cannot compile sm_$arch;" \
      "sm_72 (Xavier) needs CUDA <= 12.x, e.g. JetPack 5's CUDA 11.4 on the device" >&2
    exit 2
  fi
  gencode+=("-gencode=arch=compute_$arch,code=sm_$arch")
done
obj_dir=$out_dir/obj
mkdir -p "$obj_dir"
common=(-O3 -DNDEBUG -fPIC -fvisibility=hidden -fvisibility-inlines-hidden -I"$src_dir" -I"$target_dir/include")
echo "[trt4j aarch64] nvcc $("$nvcc" --version | grep -o 'release [0-9.]*'), archs: $archs, CUDA runtime: $runtime"

objects=()
for source in plugin_common.cpp batched_nms_plugin.cpp grid_sample_plugin.cpp matrix_inverse_plugin.cpp registration.cpp; do
  "${cross}g++" -std=c++17 -Wall -Wextra "${common[@]}" -c "$src_dir/$source" -o "$obj_dir/$source.o" &
  objects+=("$obj_dir/$source.o")
done
for source in batched_nms.cu grid_sample.cu matrix_inverse.cu; do
  # --target-directory is not passed: nvcc would look for targets/aarch64-linux; -I gives it the headers instead.
  "$nvcc" -ccbin "${cross}g++" -std=c++17 --threads=0 "${gencode[@]}" -O3 -DNDEBUG -I"$src_dir" -I"$target_dir/include" \
    -Xcompiler=-fPIC,-fvisibility=hidden,-fvisibility-inlines-hidden -c "$src_dir/$source" -o "$obj_dir/$source.o" &
  objects+=("$obj_dir/$source.o")
done
# The standalone checker, to run on the Jetson: trt4j_plugins_smoke libtrt4j_plugins.so (dlopen, creators, kernels).
smoke_objects=()
for source in smoke_test.cu smoke_batched_nms.cu; do
  "$nvcc" -ccbin "${cross}g++" -std=c++17 "${gencode[@]}" -O2 -I"$src_dir" -I"$target_dir/include" \
    -Xcompiler=-ffp-contract=off -c "$src_dir/$source" -o "$obj_dir/$source.o" &
  smoke_objects+=("$obj_dir/$source.o")
done
for job in $(jobs -p); do wait "$job"; done

runtime_link=()
if [[ $runtime == static ]]; then
  runtime_link=(-L"$cuda_home/targets/aarch64-linux/lib" -lcudart_static -lrt -lpthread -ldl)
else
  stub_dir=$out_dir/cudart-import
  mkdir -p "$stub_dir"
  "${cross}nm" -u "${objects[@]}" "${smoke_objects[@]}" | awk '$1 == "U" && $2 ~ /^_?_?cuda/ {print $2}' | sort -u > "$stub_dir/symbols.txt"
  { echo "/* Link-time import library for libcudart.so.12, written by cross-build-aarch64.sh; never loaded. */"
    while read -r symbol; do echo "void $symbol(void) {}"; done < "$stub_dir/symbols.txt"; } > "$stub_dir/cudart_import.c"
  { echo "libcudart.so.12 { global:"; sed 's/$/;/' "$stub_dir/symbols.txt"; echo "local: *; };"; } > "$stub_dir/cudart.map"
  "${cross}gcc" -shared -fPIC -fno-builtin -Wl,-soname,libcudart.so.12 -Wl,--version-script="$stub_dir/cudart.map" \
    "$stub_dir/cudart_import.c" -o "$stub_dir/libcudart.so.12"
  runtime_link=("$stub_dir/libcudart.so.12")
fi
# --exclude-libs + --gc-sections: only getCreators/setLoggerFinder exported, and the static libstdc++ parts that
# nothing uses (std::random_device, which needs glibc 2.36 arc4random) dropped, so glibc 2.35 (Ubuntu 22.04, JetPack 6) suffices.
"${cross}g++" -shared -Wl,-soname,libtrt4j_plugins.so -Wl,--no-undefined -static-libstdc++ -static-libgcc \
  -Wl,--exclude-libs,ALL -Wl,--gc-sections \
  "${objects[@]}" "${runtime_link[@]}" -o "$out_dir/libtrt4j_plugins.so"
"${cross}strip" --strip-unneeded "$out_dir/libtrt4j_plugins.so"
"${cross}g++" -static-libstdc++ -static-libgcc -Wl,--gc-sections "${smoke_objects[@]}" "${runtime_link[@]}" -ldl -o "$out_dir/trt4j_plugins_smoke"
echo "$runtime" > "$out_dir/cuda-runtime.txt"
echo "[trt4j aarch64] built $out_dir/libtrt4j_plugins.so and $out_dir/trt4j_plugins_smoke"
