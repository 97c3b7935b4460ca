#!/usr/bin/env bash
# CI: cross-builds libtrt4j_plugins.so for Jetson Orin (aarch64, sm_87) and checks its ELF (about 40 s on 2 cores).
# Installs Debian's g++-aarch64-linux-gnu when missing and apt-get can run; skips with a message (exit 0) on machines
# without nvcc, without python3, or where the toolchain cannot be installed, unless TRT4J_REQUIRE_JETSON_CHECK=1.
set -euo pipefail
cd "$(dirname "$0")/.."
skip() {
  echo "[jetson check] skipped: $1"
  if [[ "${TRT4J_REQUIRE_JETSON_CHECK:-0}" == 1 ]]; then exit 1; fi
  exit 0
}
command -v nvcc >/dev/null || [[ -x "${CUDA_HOME:-/usr/local/cuda}/bin/nvcc" ]] || skip "no nvcc"
command -v python3 >/dev/null || skip "no python3"
if ! command -v aarch64-linux-gnu-g++ >/dev/null; then
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null || skip "aarch64-linux-gnu-g++ missing and apt-get unavailable"
  echo "[jetson check] installing g++-aarch64-linux-gnu"
  install() { apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends g++-aarch64-linux-gnu >/dev/null; }
  install || { apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null && install; } || skip "apt-get install failed"
fi
out=plugins/target/native-aarch64
plugins/src/main/native/cross-build-aarch64.sh "$out"
python3 plugins/src/main/native/check-aarch64-elf.py "$out/libtrt4j_plugins.so" --archs "${TRT4J_AARCH64_CUDA_ARCHS:-87}"
# The check itself must be able to fail: the same library against another architecture, and an x86-64 ELF.
for wrong in "$out/libtrt4j_plugins.so --archs 90" "/bin/sh"; do
  if python3 plugins/src/main/native/check-aarch64-elf.py $wrong >/dev/null 2>&1; then
    echo "[jetson check] check-aarch64-elf.py accepted $wrong" >&2
    exit 1
  fi
done
echo "[jetson check] passed (and rejects the library as sm_90 and /bin/sh as AArch64)"
# Optional: run the host side (dlopen, creators, fields, BatchedNms logic) under qemu-user with a real aarch64
# libcudart.so.12, e.g. from org.bytedeco:cuda:12.6-9.5-1.5.11:linux-arm64-redist (not in the repository).
if [[ -n "${TRT4J_AARCH64_CUDART_DIR:-}" ]] && command -v qemu-aarch64 >/dev/null; then
  qemu-aarch64 -L /usr/aarch64-linux-gnu -E LD_LIBRARY_PATH="$TRT4J_AARCH64_CUDART_DIR" \
    "$out/trt4j_plugins_smoke" "$out/libtrt4j_plugins.so"
fi
