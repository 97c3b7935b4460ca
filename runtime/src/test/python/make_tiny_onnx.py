"""ONNX export of the runtime's tiny test network (make_network_goldens.py, same seeded weights), for comparing
trt4j against TensorRT's ONNX parser: trt4j bench --engine tiny.engine --onnx tiny.onnx.

usage: make_tiny_onnx.py OUTDIR   (writes OUTDIR/tiny.onnx; batch and width dynamic like the trt4j network)
Works with torch 1.13 and 2.x (TorchScript exporter), CPU.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_network_goldens import Tiny  # noqa: E402


def seeded_model():
    # the same seeding as make_network_goldens.main, so tiny.onnx holds the weights of tiny.wts
    torch.manual_seed(0)
    model = Tiny()
    with torch.no_grad():
        bn = model.stem[1]
        bn.running_mean.copy_(torch.randn(8) * 0.1)
        bn.running_var.copy_(torch.rand(8) + 0.5)
        bn.weight.copy_(torch.rand(8) + 0.5)
        bn.bias.copy_(torch.randn(8) * 0.1)
    return model.eval()


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    model = seeded_model()
    x = torch.randn(1, 3, 8, 10)
    path = os.path.join(out_dir, "tiny.onnx")
    kwargs = dict(input_names=["x"], output_names=["out", "logits"], opset_version=17,
                  dynamic_axes={"x": {0: "n", 3: "w"}, "out": {0: "n", 3: "w"}, "logits": {0: "n"}})
    try:
        torch.onnx.export(model, (x,), path, dynamo=False, **kwargs)  # torch 2.x: the TorchScript exporter
    except TypeError:
        torch.onnx.export(model, (x,), path, **kwargs)  # torch 1.13 has no dynamo argument


if __name__ == "__main__":
    main()
