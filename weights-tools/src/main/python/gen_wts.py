#!/usr/bin/env python3
"""Convert weights to the tensorrtx .wts format, byte for byte what `trt4j weights convert` writes.

    python gen_wts.py IN OUT.wts [--cfg yolov3.cfg] [--strip-prefix P] [--select-prefix P] [--keep-int-buffers]

IN: a torch.save checkpoint (any format torch.load reads; a pickled nn.Module gives its state_dict — with
PyTorch >= 2.6 that needs torch.load(weights_only=False), so re-save the state_dict instead), a .safetensors file (read by hand, no safetensors package
needed), or a Darknet .weights file with its --cfg (numpy only).

Output: first line the tensor count; then per tensor "name count v1 ... vN", single spaces, each value the float32
bit pattern as 8 lowercase hex digits (struct.pack('>f', v).hex()), LF line ends.

Key rules (the same in Java): a dict with tensor values is the state_dict, else its 'state_dict' or 'model' entry;
integer/bool tensors (num_batches_tracked) are dropped unless --keep-int-buffers; --select-prefix keeps only keys
starting with it; when every remaining key starts with 'module.' that is removed; then --strip-prefix is removed
from the keys that start with it. float16/bfloat16/float64/integers become float32.
Needs numpy; torch only for .pth input.
"""
import argparse
import json
import struct
import sys

import numpy as np

INT_DTYPES = {"I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1", "U8": "u1", "BOOL": "?"}
FLOAT_DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2"}


def fail(msg):
    sys.exit("gen_wts.py: " + msg)


def map_keys(keys, is_int, args):
    kept = [k for k in keys if (args.keep_int_buffers or not is_int(k))
            and (not args.select_prefix or k.startswith(args.select_prefix))]
    if args.select_prefix and not kept:
        fail("no key starts with '%s'" % args.select_prefix)
    all_module = bool(kept) and all(k.startswith("module.") for k in kept)
    out, seen = [], set()
    for k in kept:
        name = k[len("module."):] if all_module else k
        if args.strip_prefix and name.startswith(args.strip_prefix):
            name = name[len(args.strip_prefix):]
        if not name or name in seen:
            fail("key '%s' becomes '%s' after removing prefixes, an empty or repeated name" % (k, name))
        seen.add(name)
        out.append((k, name))
    return out


def torch_tensors(path, args):
    import torch
    obj = torch.load(path, map_location="cpu")

    def unwrap(o):
        if isinstance(o, torch.nn.Module):
            return o.state_dict()
        if not isinstance(o, dict):
            fail("%s holds a %s, not a dict of tensors" % (path, type(o).__name__))
        tensors = {k: v for k, v in o.items() if isinstance(v, torch.Tensor)}
        if tensors:
            return tensors
        for wrapper in ("state_dict", "model"):
            if wrapper in o:
                return unwrap(o[wrapper])
        fail("%s: no tensors and no 'state_dict' or 'model' entry; keys: %s" % (path, list(o.keys())))

    sd = unwrap(obj)
    keys = [str(k) for k in sd.keys()]
    pairs = map_keys(keys, lambda k: not (sd[k].is_floating_point() or sd[k].is_complex()), args)
    for k, name in pairs:
        t = sd[k].detach().cpu().contiguous()
        if t.is_complex():
            fail("tensor '%s' is complex" % k)
        yield name, t.to(torch.float32).reshape(-1).numpy()


def safetensors_tensors(path, args):
    with open(path, "rb") as f:
        blob = f.read()
    n = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    entries = sorted(((v["data_offsets"][0], k, v) for k, v in header.items() if k != "__metadata__"),
                     key=lambda e: (e[0], e[1]))
    info = {k: v for _, k, v in entries}
    pairs = map_keys([k for _, k, _ in entries], lambda k: info[k]["dtype"] in INT_DTYPES, args)
    for k, name in pairs:
        v = info[k]
        begin, end = v["data_offsets"]
        raw = data[begin:end]
        dt = v["dtype"]
        if dt == "BF16":
            arr = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        elif dt in FLOAT_DTYPES:
            arr = np.frombuffer(raw, dtype=FLOAT_DTYPES[dt]).astype(np.float32)
        elif dt in INT_DTYPES:
            arr = np.frombuffer(raw, dtype=INT_DTYPES[dt]).astype(np.float32)
        else:
            fail("tensor '%s' has unsupported dtype %s" % (k, dt))
        yield name, arr


def parse_cfg(path):
    sections = []
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith(";"):
                continue
            if line.startswith("["):
                sections.append((line[1:-1].strip().lower(), {}))
            else:
                key, _, value = line.partition("=")
                sections[-1][1].setdefault(key.strip(), value.strip())
    return sections[0][1], sections[1:]


def darknet_tensors(path, cfg_path, args):
    net, layers = parse_cfg(cfg_path)
    blocks = []  # (key, count) in file order, plus the output order
    out_channels = []
    channels = int(net.get("channels", 3))
    for i, (kind, opt) in enumerate(layers):
        if kind == "convolutional":
            filters, size, groups = int(opt["filters"]), int(opt.get("size", 1)), int(opt.get("groups", 1))
            p = "module_list.%d." % i
            w = filters * (channels // groups) * size * size
            if int(opt.get("batch_normalize", 0)):
                file_order = [("BatchNorm2d.bias", filters), ("BatchNorm2d.weight", filters),
                              ("BatchNorm2d.running_mean", filters), ("BatchNorm2d.running_var", filters),
                              ("Conv2d.weight", w)]
                dict_order = ["Conv2d.weight", "BatchNorm2d.weight", "BatchNorm2d.bias",
                              "BatchNorm2d.running_mean", "BatchNorm2d.running_var"]
            else:
                file_order = [("Conv2d.bias", filters), ("Conv2d.weight", w)]
                dict_order = ["Conv2d.weight", "Conv2d.bias"]
            blocks.append((p, file_order, dict_order))
            out = filters
        elif kind == "route":
            refs = [int(r) for r in opt["layers"].split(",") if r.strip()]
            out = sum(out_channels[r if r >= 0 else i + r] for r in refs) // int(opt.get("groups", 1))
        elif kind == "reorg":
            out = channels * int(opt.get("stride", 1)) ** 2
        elif kind in ("shortcut", "upsample", "maxpool", "yolo", "avgpool", "dropout", "region"):
            out = channels
        else:
            fail("layer %d [%s] is not supported" % (i, kind))
        out_channels.append(out)
        channels = out
    with open(path, "rb") as f:
        blob = f.read()
    major, minor, _ = struct.unpack("<3i", blob[:12])
    offset = 20 if major * 10 + minor >= 2 else 16
    total = sum(c for _, fo, _ in blocks for _, c in fo)
    if len(blob) != offset + 4 * total:
        fail("%s: %d bytes, but the cfg needs %d" % (path, len(blob), offset + 4 * total))
    values = np.frombuffer(blob, dtype="<f4", offset=offset)
    ordered = []
    at = 0
    for p, file_order, dict_order in blocks:
        got = {}
        for name, count in file_order:
            got[name] = values[at:at + count]
            at += count
        ordered += [(p + name, got[name]) for name in dict_order]
    pairs = map_keys([k for k, _ in ordered], lambda k: False, args)
    arrays = dict(ordered)
    for k, name in pairs:
        yield name, arrays[k]


def write_wts(tensors, out_path):
    tensors = list(tensors)
    with open(out_path, "wb") as f:
        f.write(b"%d\n" % len(tensors))
        for name, arr in tensors:
            arr = np.ascontiguousarray(arr, dtype=np.float32).reshape(-1)
            f.write(("%s %d" % (name, arr.size)).encode("utf-8"))
            if arr.size:
                digits = np.frombuffer(arr.astype(">f4").tobytes().hex().encode("ascii"), dtype=np.uint8)
                row = np.full((arr.size, 9), ord(" "), dtype=np.uint8)
                row[:, 1:] = digits.reshape(arr.size, 8)
                f.write(row.tobytes())
            f.write(b"\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--cfg", help="Darknet cfg (for .weights input)")
    ap.add_argument("--strip-prefix")
    ap.add_argument("--select-prefix")
    ap.add_argument("--keep-int-buffers", action="store_true")
    args = ap.parse_args(argv)
    src = args.input
    with open(src, "rb") as f:
        head = f.read(16)
    if args.cfg or src.endswith(".weights"):
        if not args.cfg:
            fail("a Darknet .weights file needs --cfg")
        tensors = darknet_tensors(src, args.cfg, args)
    elif head[:2] != b"PK" and len(head) > 8 and head[8:9] == b"{":
        tensors = safetensors_tensors(src, args)
    else:
        tensors = torch_tensors(src, args)
    write_wts(tensors, args.output)


if __name__ == "__main__":
    main()
