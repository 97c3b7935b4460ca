#!/usr/bin/env python3
"""Writes the converter fixtures into OUTDIR: real torch.save checkpoints, a safetensors file, a tiny Darknet
model, and the .wts that gen_wts.py makes of each (the Java converter must reproduce those bytes).

    python make_fixtures.py weights-tools/src/test/resources/fixtures

Needs torch (1.13 or 2.x) and numpy. Seeded and deterministic on CPU.
"""
import collections
import json
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "main", "python"))
import gen_wts  # noqa: E402


def small_net():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
                              torch.nn.Conv2d(4, 2, 1, bias=False))
    with torch.no_grad():
        net[1].running_mean.copy_(torch.randn(4))
        net[1].running_var.copy_(torch.rand(4) + 0.5)
        net[1].weight.copy_(torch.randn(4))
        net[1].bias.copy_(torch.randn(4))
    net[1].num_batches_tracked.fill_(7)
    return net


def state_dict():
    sd = small_net().state_dict()  # an OrderedDict, BatchNorm's num_batches_tracked (int64) included
    base = torch.randn(6, 4)
    sd["head.half"] = torch.randn(5, 3).half()
    sd["head.bf16"] = torch.randn(2, 3, 2).bfloat16()
    sd["view.base"] = base
    sd["view.transposed"] = base.t()  # non-contiguous view sharing base's storage
    sd["view.sliced"] = base[1:5:2, 1:]  # storage offset and strides
    sd["head.double"] = torch.randn(3, dtype=torch.float64)
    sd["head.special"] = torch.tensor([-0.0, float("inf"), float("-inf"), 1e-40, -1.5e-45, 3.4e38, 0.0, 1.0])
    sd["head.ids"] = torch.arange(5, dtype=torch.int32)
    return sd


def save_safetensors(path, tensors):
    """The safetensors layout written by hand: u64 header length, JSON header, little-endian data."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def safetensors_fixture(path):
    rng = np.random.default_rng(1)
    w = rng.standard_normal((4, 3)).astype("<f4")
    h = rng.standard_normal((2, 2)).astype("<f2")
    bf = (rng.standard_normal(5).astype("<f4").view("<u4") >> 16).astype("<u2")
    d = rng.standard_normal(3).astype("<f8")
    # data stored in an order different from the key order: the converter follows the data order
    save_safetensors(path, collections.OrderedDict([
        ("layer.weight", ("F32", w.shape, w.tobytes())),
        ("bn.num_batches_tracked", ("I64", (), np.array(3, "<i8").tobytes())),
        ("aa.half", ("F16", h.shape, h.tobytes())),
        ("layer.bias.bf16", ("BF16", bf.shape, bf.tobytes())),
        ("zz.double", ("F64", d.shape, d.tobytes())),
    ]))


TINY_CFG = """[net]
width=32
height=32
channels=3

[convolutional]
batch_normalize=1
filters=4
size=3
stride=1
pad=1
activation=leaky

[convolutional]
batch_normalize=1
filters=6
size=3
stride=2
pad=1
activation=leaky

[convolutional]
batch_normalize=1
filters=4
size=1
stride=1
pad=1
activation=leaky

[shortcut]
from=-3
activation=linear

[upsample]
stride=2

[route]
layers=-1,0

[convolutional]
size=1
stride=1
pad=1
filters=21
activation=linear

[yolo]
mask=0,1,2
anchors=10,13, 16,30, 33,23
classes=2
num=3
"""


def darknet_fixture(outdir):
    # shortcut adds layer 2 (4 ch) to layer -3 = layer 0 (4 ch): layer 3 has 4 channels; route: 4 + 4 = 8
    with open(os.path.join(outdir, "tiny.cfg"), "w") as f:
        f.write(TINY_CFG)
    counts = [4 * 4 + 4 * 3 * 9, 4 * 6 + 6 * 4 * 9, 4 * 4 + 4 * 6, 21 + 21 * 8]
    rng = np.random.default_rng(2)
    values = rng.standard_normal(sum(counts)).astype("<f4")
    with open(os.path.join(outdir, "tiny.weights"), "wb") as f:
        f.write(struct.pack("<3iq", 0, 2, 5, 32013312) + values.tobytes())
    with open(os.path.join(outdir, "tiny_v01.weights"), "wb") as f:  # version 0.1: seen is int32
        f.write(struct.pack("<4i", 0, 1, 0, 1000) + values.tobytes())


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_fixtures.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)  # noqa: E731
    sd = state_dict()
    torch.save(sd, p("plain.pth"))
    torch.save({"epoch": 3, "state_dict": sd}, p("wrapped_state_dict.pth"))
    torch.save({"model": sd, "note": "wrapped"}, p("wrapped_model.pth"))
    torch.save(collections.OrderedDict(("module." + k, v) for k, v in sd.items()), p("module_prefix.pth"))
    # a whole pickled nn.Module: the Java converter walks _parameters/_buffers/_modules like Module.state_dict()
    torch.save(small_net(), p("full_module.pth"))
    try:
        torch.save(sd, p("legacy.pth"), _use_new_zipfile_serialization=False)
    except Exception as e:  # should a future PyTorch drop the legacy writer, the committed legacy.pth stays valid
        print("legacy.pth not rewritten:", e)
    safetensors_fixture(p("tensors.safetensors"))
    darknet_fixture(out)

    def gen(src, dst, *opts):
        gen_wts.main([p(src), p(dst)] + list(opts))

    gen("plain.pth", "plain.wts")
    gen("plain.pth", "plain_keep_int.wts", "--keep-int-buffers")
    gen("plain.pth", "plain_select.wts", "--select-prefix", "view.", "--strip-prefix", "view.")
    gen("wrapped_state_dict.pth", "wrapped_state_dict.wts")
    gen_wts.write_wts(((k, v.float().numpy()) for k, v in small_net().state_dict().items()
                       if v.is_floating_point()), p("full_module.wts"))
    gen("wrapped_model.pth", "wrapped_model.wts")
    gen("module_prefix.pth", "module_prefix.wts")
    gen("tensors.safetensors", "tensors.wts")
    gen("tensors.safetensors", "tensors_keep_int.wts", "--keep-int-buffers")
    gen("tiny.weights", "tiny.wts", "--cfg", p("tiny.cfg"))
    gen("tiny_v01.weights", "tiny_v01.wts", "--cfg", p("tiny.cfg"))
    print("fixtures written to", out, "with torch", torch.__version__)


if __name__ == "__main__":
    main()
