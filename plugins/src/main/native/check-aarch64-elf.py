#!/usr/bin/env python3
"""Checks a cross-built libtrt4j_plugins.so for Jetson without a Jetson: ELF64 little-endian shared object for AArch64,
getCreators/setLoggerFinder exported, no libstdc++/libnvinfer dependency, glibc <= 2.35 (Ubuntu 22.04, JetPack 6),
the CUDA runtime symbols it imports all exported by libcudart.so.12 (12.6), and the .nv_fatbin section holding
device code (cubin) for exactly the expected SM architectures.

  check-aarch64-elf.py LIBRARY [--archs 87] [--cudart-exports cudart-12.6-aarch64-exports.txt]

Reads the ELF itself (stdlib only); prints one line per fact and exits 1 naming every check that failed."""
import argparse
import os
import struct
import sys

EM_AARCH64, EM_CUDA = 183, 190
ET_DYN = 3
SHT_DYNSYM, SHT_DYNAMIC, SHT_GNU_VERNEED, SHT_GNU_VERSYM = 11, 6, 0x6FFFFFFE, 0x6FFFFFFF
DT_NEEDED, DT_SONAME = 1, 14
FATBIN_MAGIC, FATBIN_KIND_PTX, FATBIN_KIND_CUBIN = 0xBA55ED50, 1, 2
ALLOWED_NEEDED = {"libcudart.so.12", "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
                  "ld-linux-aarch64.so.1"}
MAX_GLIBC = (2, 35)
REQUIRED_EXPORTS = ("getCreators", "setLoggerFinder")


class Elf:
    def __init__(self, data):
        self.data = data
        if data[:4] != b"\x7fELF":
            raise ValueError("not an ELF file")
        self.elf_class, self.endian = data[4], data[5]
        (self.type, self.machine) = struct.unpack_from("<HH", data, 16)
        if self.elf_class != 2 or self.endian != 1:
            return
        shoff, = struct.unpack_from("<Q", data, 40)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 58)
        self.sections = []
        for i in range(shnum):
            name, stype, _flags, _addr, offset, size, link, _info, _align, entsize = struct.unpack_from(
                "<IIQQQQIIQQ", data, shoff + i * shentsize)
            self.sections.append(dict(name_off=name, type=stype, offset=offset, size=size, link=link, entsize=entsize))
        names = self.sections[shstrndx]
        for s in self.sections:
            s["name"] = self.cstr(names["offset"] + s["name_off"])

    def cstr(self, offset):
        return self.data[offset:self.data.index(b"\0", offset)].decode()

    def section(self, name=None, stype=None):
        return next((s for s in self.sections if (name is None or s["name"] == name)
                     and (stype is None or s["type"] == stype)), None)

    def body(self, s):
        return self.data[s["offset"]:s["offset"] + s["size"]]

    def dynamic(self):
        dyn = self.section(stype=SHT_DYNAMIC)
        strtab = self.sections[dyn["link"]]["offset"]
        entries = []
        for off in range(dyn["offset"], dyn["offset"] + dyn["size"], 16):
            tag, val = struct.unpack_from("<qQ", self.data, off)
            if tag in (DT_NEEDED, DT_SONAME):
                entries.append((tag, self.cstr(strtab + val)))
        return entries

    def dynsyms(self):
        """(name, defined, is_function, binding_global, visibility_default, version_node) for each dynamic symbol."""
        sym = self.section(stype=SHT_DYNSYM)
        strtab = self.sections[sym["link"]]["offset"]
        versym = self.section(stype=SHT_GNU_VERSYM)
        versions = self.needed_versions()
        out = []
        for i, off in enumerate(range(sym["offset"], sym["offset"] + sym["size"], 24)):
            name, info, other, shndx = struct.unpack_from("<IBBH", self.data, off)
            index = struct.unpack_from("<H", self.data, versym["offset"] + 2 * i)[0] & 0x7FFF if versym else 0
            out.append((self.cstr(strtab + name), shndx != 0, info & 0xF == 2, info >> 4 in (1, 2), other & 3 == 0,
                        versions.get(index, (None, None))[1]))
        return out

    def needed_versions(self):
        """version index -> (library, version name) from .gnu.version_r."""
        vn = self.section(stype=SHT_GNU_VERNEED)
        if vn is None:
            return {}
        strtab = self.sections[vn["link"]]["offset"]
        result, off = {}, vn["offset"]
        while True:
            _ver, cnt, file_off, aux, nxt = struct.unpack_from("<HHIII", self.data, off)
            library = self.cstr(strtab + file_off)
            a = off + aux
            for _ in range(cnt):
                _hash, _flags, other, name, anext = struct.unpack_from("<IHHII", self.data, a)
                result[other] = (library, self.cstr(strtab + name))
                a += anext
            if nxt == 0:
                return result
            off += nxt


def fatbin_entries(blob):
    """(kind, sm, embedded ELF machine or None) for every entry of every fatbin in a .nv_fatbin section."""
    entries, off = [], 0
    while off + 16 <= len(blob):
        magic, _version, header_size, fat_size = struct.unpack_from("<IHHQ", blob, off)
        if magic != FATBIN_MAGIC:
            off += 8  # fatbins are 8-byte aligned and padded between
            continue
        e, end = off + header_size, off + header_size + fat_size
        while e < end:
            kind, _unknown, entry_header, payload = struct.unpack_from("<HHIQ", blob, e)
            sm, = struct.unpack_from("<I", blob, e + 28)
            start = e + entry_header
            machine = struct.unpack_from("<H", blob, start + 18)[0] if blob[start:start + 4] == b"\x7fELF" else None
            entries.append((kind, sm, machine))
            e = start + payload
        off = end
    return entries


def glibc_version(name):
    return tuple(int(p) for p in name[len("GLIBC_"):].split("."))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("library")
    parser.add_argument("--archs", default="87", help="expected SM architectures of the cubins, e.g. 87 or '72 87'")
    parser.add_argument("--cudart-exports",
                        default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "cudart-12.6-aarch64-exports.txt"))
    args = parser.parse_args()
    with open(args.library, "rb") as f:
        elf = Elf(f.read())
    failures = []

    def check(ok, fact):
        print(("ok    " if ok else "FAIL  ") + fact)
        if not ok:
            failures.append(fact)

    check(elf.elf_class == 2 and elf.endian == 1, "ELF64 little-endian")
    check(elf.machine == EM_AARCH64, f"machine AArch64 (e_machine {elf.machine})")
    check(elf.type == ET_DYN, f"shared object (e_type {elf.type})")
    if failures:
        return fail(failures)

    dynamic = elf.dynamic()
    needed = [v for t, v in dynamic if t == DT_NEEDED]
    check(("libtrt4j_plugins.so" in [v for t, v in dynamic if t == DT_SONAME]), "SONAME libtrt4j_plugins.so")
    check(set(needed) <= ALLOWED_NEEDED, f"NEEDED {needed} within the CUDA runtime and glibc")

    symbols = elf.dynsyms()
    exported = {n for n, defined, func, glob, vis, _v in symbols if defined and func and glob and vis}
    for name in REQUIRED_EXPORTS:
        check(name in exported, f"exports {name}")
    glibc = sorted({v for n, d, *_rest, v in symbols if not d and v and v.startswith("GLIBC_")}, key=glibc_version)
    check(not glibc or glibc_version(glibc[-1]) <= MAX_GLIBC,
          f"newest glibc symbol version {glibc[-1] if glibc else 'none'} <= GLIBC_2.35 (Ubuntu 22.04 / JetPack 6)")
    imported_cudart = sorted(n for n, d, *_rest, v in symbols if not d and v == "libcudart.so.12")
    if "libcudart.so.12" in needed:
        with open(args.cudart_exports) as f:
            known = {line.strip() for line in f if line.strip() and not line.startswith("#")}
        missing = [n for n in imported_cudart if n not in known]
        check(not missing, f"{len(imported_cudart)} CUDA runtime imports exported by libcudart.so.12 12.6"
              + (f", missing: {missing}" if missing else ""))

    fatbin = elf.section(name=".nv_fatbin")
    check(fatbin is not None, "has a .nv_fatbin section")
    if fatbin is not None:
        entries = fatbin_entries(elf.body(fatbin))
        cubins = sorted({sm for kind, sm, _m in entries if kind == FATBIN_KIND_CUBIN})
        ptx = sorted({sm for kind, sm, _m in entries if kind == FATBIN_KIND_PTX})
        expected = sorted(int(a) for a in args.archs.split())
        check(bool(entries) and cubins == expected, f"cubins for sm {cubins} == expected {expected} "
              f"({len(entries)} fatbin entries, PTX for {ptx or 'none'})")
        check(all(m == EM_CUDA for kind, _sm, m in entries if kind == FATBIN_KIND_CUBIN),
              "every cubin is an ELF for EM_CUDA (190)")
    return fail(failures) if failures else 0


def fail(failures):
    print(f"{len(failures)} check(s) failed: " + "; ".join(failures), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
