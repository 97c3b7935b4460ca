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
import json
import os

import numpy as np
import torch
import torchvision
from torchvision.models.resnet import Bottleneck, ResNet

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def fnv1a64(name):
    h = 0xCBF29CE484222325
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & MASK64
    return h


def hash_uniform(name, count):
    """count values in [0, 1), each a multiple of 2^-24, from (name, index) only."""
    seed = np.uint64(fnv1a64(name))
    with np.errstate(over="ignore"):
        z = seed + (np.arange(1, count + 1, dtype=np.uint64) * np.uint64(GOLDEN))
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float64) / float(1 << 24)


def hash_values(name, count, lo, hi):
    return (lo + (hi - lo) * hash_uniform(name, count)).astype(np.float32)


def synthetic_state(state):
    """Replaces every tensor of a state_dict with its hash-defined value (same rule as the Java tests)."""
    out = {}
    for name, t in state.items():
        prefix, _, leaf = name.rpartition(".")
        is_bn = (prefix + ".running_mean") in state
        n = t.numel()
        if leaf == "num_batches_tracked":
            out[name] = torch.zeros_like(t)
            continue
        if leaf == "running_mean" or (is_bn and leaf == "bias"):
            lo, hi = -0.1, 0.1
        elif leaf == "running_var":
            lo, hi = 0.5, 1.5
        elif is_bn and leaf == "weight":
            lo, hi = 0.5, 1.0
        elif leaf == "weight":
            bound = (3.0 / (n // t.shape[0])) ** 0.5
            lo, hi = -bound, bound
        else:
            lo, hi = -0.1, 0.1
        out[name] = torch.from_numpy(hash_values(name, n, lo, hi)).reshape(t.shape)
    return out


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


def write_keys(state, path):
    with open(path, "w") as f:
        json.dump([[k, list(v.shape)] for k, v in state.items()], f, indent=0)


def write_wts_fast(state, path):
    """.wts (count line, then `name count hex...`, big-endian float32) for a large model, key order = state_dict."""
    with open(path, "w") as f:
        f.write("{}\n".format(len(state)))
        for name, t in state.items():
            data = t.detach().reshape(-1).float().numpy().astype(">f4").tobytes().hex()
            words = " ".join(data[i:i + 8] for i in range(0, len(data), 8))
            f.write("{} {} {}\n".format(name, t.numel(), words) if t.numel() else "{} 0\n".format(name))


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
