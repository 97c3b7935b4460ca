"""PyTorch reference for FCN-ResNet101: torchvision's own model with synthetic weights, goldens and ONNX export.

    python3 fcn_reference.py OUTDIR                 goldens (+ key/shape manifests) for the Java tests
    python3 fcn_reference.py OUTDIR --full-wts      also OUTDIR/fcn_resnet101.wts (~500 MB, for the GPU host)
    python3 fcn_reference.py OUTDIR --onnx fcn.onnx [--no-aux]   ONNX (opset 17, dynamic H and W, output `out`)
    python3 fcn_reference.py OUTDIR --bench-npy     OUTDIR/input256.npy and out256.npy (the full model's logits), for
                                                    `trt4j bench --reference out=out256.npy --argmax-axis 1`

Models: torchvision.models.segmentation.fcn_resnet101(weights=None, weights_backbone=None, aux_loss=True), and a
reduced one for CI built from torchvision's ResNet class (Bottleneck blocks [1, 1, 1, 1], same
replace_stride_with_dilation [False, True, True]) with torchvision's FCN heads: same key names, 1 block per stage.

Weights are not random draws but a hash of (tensor name, element index), so the Java tests regenerate exactly the
same float32 values from the key/shape manifest without shipping hundreds of megabytes:
  seed = FNV-1a 64 of the UTF-8 name; z = seed + (i + 1) * 0x9E3779B97F4A7C15 (mod 2^64), then the splitmix64
  finalizer; u = (z >> 40) / 2^24 in [0, 1); value = float32(lo + (hi - lo) * u) computed in float64, where
  conv weight: +-sqrt(3 / fan_in); conv bias: +-0.1; BN weight [0.5, 1.0]; BN bias and running_mean +-0.1;
  BN running_var [0.5, 1.5]; num_batches_tracked 0 (a BN tensor is one whose `<prefix>running_mean` exists).
Inputs are drawn the same way from the names `input64` / `input256`, scaled to [-2, 2] (a normalised image range).

Golden files (float32/int32 npz):
  fcn_small.npz      blocks [1,1,1,1]: input 1x3x64x64, out and aux logits 1x21x64x64
  fcn_resnet101.npz  full model: input 1x3x64x64, out and aux logits; argmax256 = int32 class map of input256
  fcn_small.keys.json / fcn_resnet101.keys.json: [[name, shape], ...] in state_dict order
"""
import argparse
import inspect
import os

import numpy as np
import torch
import torchvision
from torchvision.models.resnet import Bottleneck, ResNet

from reference_weights import hash_values, synthetic_state, write_keys, write_wts_fast  # noqa: E402


def full_model(aux):
    return torchvision.models.segmentation.fcn_resnet101(weights=None, weights_backbone=None, aux_loss=aux)


def small_model():
    """torchvision's FCN around a 1-block-per-stage ResNet: same modules and key names as the full model."""
    from torchvision.models.segmentation.fcn import _fcn_resnet
    backbone = ResNet(Bottleneck, [1, 1, 1, 1], replace_stride_with_dilation=[False, True, True])
    return _fcn_resnet(backbone, 21, True)


def with_synthetic_weights(model):
    model.load_state_dict(synthetic_state(model.state_dict()))
    return model.eval()


def hash_input(name, size):
    return torch.from_numpy(hash_values(name, 3 * size * size, -2.0, 2.0)).reshape(1, 3, size, size)


class OutOnly(torch.nn.Module):
    """ONNX wrapper: the main logits only (the dict output does not export)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


def export_onnx(model, path):
    kwargs = dict(input_names=["input"], output_names=["out"], opset_version=17,
                  dynamic_axes={"input": {2: "height", 3: "width"}, "out": {2: "height", 3: "width"}})
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # the TorchScript exporter, which takes dynamic_axes
    try:
        torch.onnx.export(OutOnly(model), torch.zeros(1, 3, 520, 520), path, **kwargs)
    except Exception as e:  # a PyTorch without the TorchScript exporter
        if "dynamo" not in kwargs:
            raise
        kwargs["dynamo"] = True
        print("TorchScript ONNX export failed ({}); retrying with dynamo=True".format(e))
        torch.onnx.export(OutOnly(model), torch.zeros(1, 3, 520, 520), path, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir")
    parser.add_argument("--full-wts", action="store_true", help="also write the full model's .wts (~500 MB)")
    parser.add_argument("--onnx", help="export the full model to this ONNX file instead of writing goldens")
    parser.add_argument("--bench-npy", action="store_true", help="write input256.npy and out256.npy instead of goldens")
    parser.add_argument("--no-aux", action="store_true",
                        help="with --full-wts/--onnx: the model without the aux head (the goldens always have it)")
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    torch.set_grad_enabled(False)

    if args.onnx or args.full_wts:
        bench_model = with_synthetic_weights(full_model(aux=not args.no_aux))
        if args.onnx:
            export_onnx(bench_model, args.onnx)
            print("wrote", args.onnx)
            return
        path = os.path.join(args.outdir, "fcn_resnet101.wts")
        write_wts_fast(bench_model.state_dict(), path)
        print("wrote", path)

    full = with_synthetic_weights(full_model(aux=True))
    if args.bench_npy:
        x256 = hash_input("input256", 256)
        np.save(os.path.join(args.outdir, "input256.npy"), x256.numpy())
        np.save(os.path.join(args.outdir, "out256.npy"), full(x256)["out"].numpy().astype(np.float32))
        print("wrote input256.npy and out256.npy to", args.outdir)
        return

    small = with_synthetic_weights(small_model())
    x64 = hash_input("input64", 64)
    for name, model in (("fcn_small", small), ("fcn_resnet101", full)):
        result = model(x64)
        arrays = {"input": x64.numpy()}
        for key, value in result.items():
            arrays[key] = value.numpy().astype(np.float32)
        if name == "fcn_resnet101":
            logits256 = model(hash_input("input256", 256))["out"]
            arrays["argmax256"] = logits256.argmax(1).to(torch.int32).numpy()
            top2 = logits256.topk(2, dim=1).values
            arrays["margin256"] = (top2[:, 0] - top2[:, 1]).numpy().astype(np.float32)
        np.savez_compressed(os.path.join(args.outdir, name + ".npz"), **arrays)
        write_keys(model.state_dict(), os.path.join(args.outdir, name + ".keys.json"))
        print(name, {k: (v.shape, float(np.abs(v).max())) for k, v in arrays.items()})


if __name__ == "__main__":
    main()
