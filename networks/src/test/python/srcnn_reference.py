"""PyTorch reference for SRCNN: the golden for the Java backends, and the ONNX export for the benchmark.

    python3 srcnn_reference.py OUTDIR [--weights W.wts]          golden
    python3 srcnn_reference.py OUTDIR --onnx srcnn.onnx [--size 256] [--scale 3] [--weights W.wts]

Golden: OUTDIR/srcnn.npz holds `input` (1x3x10x14, seeded, RGB in [0, 1]) and `output_x2`, `output_x3`,
`output_x4` (the same weights at factors 2, 3 and 4, unclipped). Without --weights the weights are PyTorch's default
initialisation under seed 0, written to OUTDIR/srcnn.wts so the test loads exactly what produced the golden; with
--weights they are copied there. Deterministic on CPU (float32).
"""
import argparse
import inspect
import os
import shutil
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "main", "python"))
from srcnn_model import SuperResolutionNet, load_wts_into, write_wts  # noqa: E402

FACTORS = (2, 3, 4)


def export_onnx(model, path, size):
    example = torch.rand(1, 3, size, size)
    kwargs = dict(input_names=["input"], output_names=["output"], opset_version=17)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # the TorchScript exporter: one Resize node, as in the mmdeploy tutorial
    try:
        torch.onnx.export(model, example, path, **kwargs)
    except Exception as e:  # a PyTorch without the TorchScript exporter
        if "dynamo" not in kwargs:
            raise
        kwargs["dynamo"] = True
        print("TorchScript ONNX export failed ({}); retrying with dynamo=True".format(e))
        torch.onnx.export(model, example, path, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir")
    parser.add_argument("--weights", help=".wts to load (default: seeded initialisation)")
    parser.add_argument("--onnx", help="export the model to this ONNX file instead of writing the golden")
    parser.add_argument("--size", type=int, default=256, help="ONNX input side (default 256)")
    parser.add_argument("--scale", type=int, default=3, help="ONNX upscale factor (default 3)")
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)

    torch.manual_seed(0)
    model = SuperResolutionNet(args.scale if args.onnx else 3).eval()
    if args.weights:
        load_wts_into(model, args.weights)

    if args.onnx:
        export_onnx(model, args.onnx, args.size)
        print("wrote {} (1x3x{}x{} -> x{})".format(args.onnx, args.size, args.size, args.scale))
        return

    wts_path = os.path.join(args.outdir, "srcnn.wts")
    if args.weights:
        if os.path.abspath(args.weights) != os.path.abspath(wts_path):
            shutil.copyfile(args.weights, wts_path)
    else:
        write_wts(model.state_dict(), wts_path)
    generator = torch.Generator().manual_seed(1)
    x = torch.rand(1, 3, 10, 14, generator=generator)
    arrays = {"input": x.numpy().astype(np.float32)}
    with torch.no_grad():
        for factor in FACTORS:
            model.upscale_factor = factor
            arrays["output_x{}".format(factor)] = model(x).numpy().astype(np.float32)
    np.savez_compressed(os.path.join(args.outdir, "srcnn.npz"), **arrays)
    print("wrote {} and srcnn.npz: {}".format(wts_path, {k: v.shape for k, v in arrays.items()}))


if __name__ == "__main__":
    main()
