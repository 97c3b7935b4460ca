"""PyTorch goldens for the CPU reference kernels (org.trt4j.runtime.cpu.kernels).

Usage: make_op_goldens.py OUTDIR   (torch >= 1.13 + numpy; deterministic on CPU)

Writes one .npz per op family. Arrays are named CASE.FIELD: the inputs (x, w, b, a, ...), the parameters as small
int32/float32 arrays, and the PyTorch result `out`. The case name carries the operation kind where there is one
(e.g. act_leaky_relu.x). OpGoldenTest reads the parameters back, so adding a case here needs no Java change.
"""
import sys
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.manual_seed(1234)
torch.set_num_threads(1)


def f32(t):
    return np.array(t.detach().numpy(), dtype=np.float32, order="C")  # keeps 0-d results 0-d


def i32(v):
    return np.asarray(v, dtype=np.int32).reshape(-1) if not isinstance(v, torch.Tensor) else v.numpy().astype(np.int32)


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float32)


def conv_cases():
    cases = {}
    # (x shape, w shape, bias, stride, pad pre, pad post, dilation, groups)
    specs = [
        ((2, 4, 9, 10), (6, 4, 3, 3), True, (1, 1), (1, 1), (1, 1), (1, 1), 1),
        ((1, 4, 9, 10), (6, 4, 3, 3), False, (2, 2), (0, 1), (1, 2), (1, 1), 1),
        ((1, 4, 11, 12), (6, 2, 3, 3), True, (2, 1), (2, 2), (2, 2), (2, 2), 2),
        ((1, 4, 8, 9), (4, 1, 3, 3), True, (2, 2), (1, 1), (1, 1), (1, 1), 4),
        ((2, 4, 5, 6), (5, 4, 1, 1), True, (1, 1), (0, 0), (0, 0), (1, 1), 1),
        ((1, 4, 7, 6), (5, 4, 1, 1), False, (2, 2), (0, 0), (0, 0), (1, 1), 1),
        ((1, 3, 5, 6, 7), (4, 3, 3, 3, 3), True, (1, 2, 2), (1, 1, 1), (1, 1, 1), (1, 1, 1), 1),
        ((1, 4, 6, 7, 8), (6, 2, 2, 3, 3), True, (2, 1, 2), (0, 2, 1), (1, 2, 0), (1, 2, 1), 2),
        ((2, 3, 12), (4, 3, 5), True, (2,), (2,), (2,), (1,), 1),
        ((1, 3, 32, 32), (8, 3, 7, 7), True, (2, 2), (3, 3), (3, 3), (1, 1), 1),
        ((1, 16, 12, 12), (24, 16, 3, 3), True, (1, 1), (2, 2), (2, 2), (2, 2), 1),
        ((1, 48, 6, 5), (9, 48, 3, 3), True, (1, 1), (1, 1), (1, 1), (1, 1), 1),
        ((2, 16, 20, 20), (16, 1, 3, 3), True, (1, 1), (1, 1), (1, 1), (1, 1), 16),  # parallel over image x group
        ((1, 8, 40, 40), (64, 8, 3, 3), True, (1, 1), (1, 1), (1, 1), (1, 1), 1),  # parallel GEMM tiles
    ]
    for i, (xs, ws, bias, stride, pre, post, dil, groups) in enumerate(specs):
        x, w = randn(*xs), randn(*ws) * 0.3
        b = randn(ws[0]) if bias else None
        pads = []
        for p, q in zip(reversed(pre), reversed(post)):
            pads += [p, q]
        conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[len(ws) - 2]
        out = conv(F.pad(x, pads), w, b, stride=stride, dilation=dil, groups=groups)
        c = f"conv{i}"
        cases.update({f"{c}.x": f32(x), f"{c}.w": f32(w), f"{c}.stride": i32(stride), f"{c}.pre": i32(pre),
                      f"{c}.post": i32(post), f"{c}.dilation": i32(dil), f"{c}.groups": i32([groups]), f"{c}.out": f32(out)})
        if b is not None:
            cases[f"{c}.b"] = f32(b)
    # (x shape, w shape, bias, stride, padding, output padding, dilation, groups)
    specs = [
        ((1, 4, 5, 6), (4, 3, 4, 4), True, (2, 2), (1, 1), (0, 0), (1, 1), 1),
        ((1, 4, 5, 5), (4, 2, 3, 3), True, (2, 2), (1, 1), (1, 1), (1, 1), 2),
        ((2, 3, 4, 5), (3, 2, 3, 3), False, (3, 2), (2, 1), (2, 1), (2, 2), 1),
        ((1, 3, 3, 4, 5), (3, 2, 3, 4, 4), True, (1, 2, 2), (1, 1, 1), (0, 1, 0), (1, 1, 1), 1),
        ((2, 3, 7), (3, 4, 5), True, (3,), (1,), (2,), (1,), 1),
        ((1, 6, 4, 4), (6, 6, 2, 2), True, (2, 2), (0, 0), (0, 0), (1, 1), 1),
        ((1, 4, 3, 4, 3), (4, 1, 2, 3, 3), False, (2, 2, 1), (0, 1, 1), (1, 0, 0), (1, 1, 2), 2),
        ((2, 8, 10, 10), (8, 4, 4, 4), True, (2, 2), (1, 1), (0, 0), (1, 1), 2),  # parallel over image x group
    ]
    for i, (xs, ws, bias, stride, pad, opad, dil, groups) in enumerate(specs):
        x, w = randn(*xs), randn(*ws) * 0.3
        b = randn(ws[1] * groups) if bias else None
        deconv = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}[len(ws) - 2]
        out = deconv(x, w, b, stride=stride, padding=pad, output_padding=opad, groups=groups, dilation=dil)
        c = f"deconv{i}"
        cases.update({f"{c}.x": f32(x), f"{c}.w": f32(w), f"{c}.stride": i32(stride), f"{c}.padding": i32(pad),
                      f"{c}.output_padding": i32(opad), f"{c}.dilation": i32(dil), f"{c}.groups": i32([groups]),
                      f"{c}.out": f32(out)})
        if b is not None:
            cases[f"{c}.b"] = f32(b)
    return cases


def pointwise_cases():
    cases = {}
    x = randn(2, 3, 4, 5) * 3
    acts = {
        "relu": (0, 0, F.relu(x)),
        "sigmoid": (0, 0, torch.sigmoid(x)),
        "tanh": (0, 0, torch.tanh(x)),
        "leaky_relu": (0.1, 0, F.leaky_relu(x, 0.1)),
        "elu": (0.7, 0, F.elu(x, 0.7)),
        "selu": (1.6732632423543772, 1.0507009873554805, F.selu(x)),
        "softsign": (0, 0, F.softsign(x)),
        "softplus": (0.5, 2.0, F.softplus(x, beta=2.0)),
        "clip": (-0.5, 0.7, torch.clamp(x, -0.5, 0.7)),
        "hard_sigmoid": (1 / 6, 0.5, F.hardsigmoid(x)),
        "scaled_tanh": (1.5, 0.8, 1.5 * torch.tanh(0.8 * x)),
        "thresholded_relu": (0.3, 0, F.threshold(x, 0.3, 0.0)),
        "gelu_erf": (0, 0, F.gelu(x)),
        "gelu_tanh": (0, 0, F.gelu(x, approximate="tanh")),
    }
    for name, (alpha, beta, out) in acts.items():
        cases.update({f"act_{name}.x": f32(x), f"act_{name}.alpha": np.float32([alpha]),
                      f"act_{name}.beta": np.float32([beta]), f"act_{name}.out": f32(out)})
    halves = torch.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -3.5])
    any_ = torch.cat([randn(40) * 3, halves])
    pos = torch.rand(48) * 5 + 0.05
    unit = torch.rand(48) * 1.9 - 0.95
    unaries = {
        "exp": (any_, torch.exp), "log": (pos, torch.log), "sqrt": (pos, torch.sqrt), "rsqrt": (pos, torch.rsqrt),
        "recip": (pos, torch.reciprocal), "abs": (any_, torch.abs), "neg": (any_, torch.neg),
        "sin": (any_, torch.sin), "cos": (any_, torch.cos), "tan": (unit, torch.tan), "sinh": (unit * 3, torch.sinh),
        "cosh": (unit * 3, torch.cosh), "asin": (unit, torch.asin), "acos": (unit, torch.acos),
        "atan": (any_, torch.atan), "asinh": (any_, torch.asinh), "acosh": (pos + 1, torch.acosh),
        "atanh": (unit, torch.atanh), "ceil": (any_, torch.ceil), "floor": (any_, torch.floor),
        "erf": (any_, torch.erf), "sign": (any_, torch.sign), "round": (any_, torch.round),
    }
    for name, (v, fn) in unaries.items():
        cases.update({f"unary_{name}.x": f32(v), f"unary_{name}.out": f32(fn(v))})
    # float binary with broadcasting
    a, b = randn(2, 3, 4), randn(3, 1)
    bpos = torch.rand(3, 1) + 0.5
    binaries = {
        "sum": (a, b, torch.add), "sub": (a, b, torch.sub), "prod": (a, b, torch.mul), "div": (a, bpos, torch.div),
        "floor_div": (a * 4, bpos, lambda p, q: torch.div(p, q, rounding_mode="floor")),
        "max": (a, b, torch.maximum), "min": (a, b, torch.minimum),
        "pow": (a.abs() + 0.1, b, torch.pow), "pow2": (a, torch.tensor([2.0]), torch.pow),
        "equal": (torch.round(a), torch.round(b), torch.eq), "greater": (a, b, torch.gt), "less": (a, b, torch.lt),
    }
    for name, (p, q, fn) in binaries.items():
        cases.update({f"binary_{name}.a": f32(p), f"binary_{name}.b": f32(q),
                      f"binary_{name}.out": i32(fn(p, q).to(torch.int32)) if fn(p, q).dtype == torch.bool
                      else f32(fn(p, q))})
    ia = torch.randint(-20, 20, (4, 5), dtype=torch.int32)
    ib = torch.randint(1, 6, (5,), dtype=torch.int32) * torch.tensor([1, -1, 1, -1, 1], dtype=torch.int32)
    ints = {
        "sum": torch.add, "sub": torch.sub, "prod": torch.mul, "max": torch.maximum, "min": torch.minimum,
        "div": lambda p, q: torch.div(p, q, rounding_mode="trunc"),
        "floor_div": lambda p, q: torch.div(p, q, rounding_mode="floor"),
        "equal": torch.eq, "greater": torch.gt, "less": torch.lt,
    }
    for name, fn in ints.items():
        cases.update({f"intbinary_{name}.a": i32(ia), f"intbinary_{name}.b": i32(ib),
                      f"intbinary_{name}.out": i32(fn(ia, ib).to(torch.int32))})
    la, lb = torch.rand(3, 4) > 0.5, torch.rand(4) > 0.5
    for name, fn in {"and": torch.logical_and, "or": torch.logical_or, "xor": torch.logical_xor}.items():
        cases.update({f"logical_{name}.a": i32(la.to(torch.int32)), f"logical_{name}.b": i32(lb.to(torch.int32)),
                      f"logical_{name}.out": i32(fn(la, lb).to(torch.int32))})
    cond, sa, sb = torch.rand(3, 1, 5) > 0.5, randn(4, 5), randn(3, 4, 1)
    cases.update({"select0.cond": i32(cond.to(torch.int32)), "select0.a": f32(sa), "select0.b": f32(sb),
                   "select0.out": f32(torch.where(cond, sa, sb))})
    # scale: (x * scale + shift) ^ power
    xs = torch.rand(2, 3, 4, 5) + 0.2
    for name, mode, n in [("uniform", 0, 1), ("channel", 1, 3), ("elementwise", 2, 60)]:
        shift, scale, power = torch.rand(n) * 0.5, torch.rand(n) + 0.5, torch.rand(n) * 2 + 0.5
        shape = {0: (1,), 1: (3, 1, 1), 2: (3, 4, 5)}[mode]
        out = torch.pow(xs * scale.reshape(shape) + shift.reshape(shape), power.reshape(shape))
        cases.update({f"scale_{name}.x": f32(xs), f"scale_{name}.shift": f32(shift), f"scale_{name}.scale": f32(scale),
                      f"scale_{name}.power": f32(power), f"scale_{name}.out": f32(out)})
    bn_scale, bn_shift = randn(3), randn(3)
    cases.update({"scale_bn.x": f32(xs), "scale_bn.shift": f32(bn_shift), "scale_bn.scale": f32(bn_scale),
                  "scale_bn.out": f32(xs * bn_scale.reshape(3, 1, 1) + bn_shift.reshape(3, 1, 1))})
    return cases


def pool_cases():
    cases = {}
    # (x shape, kind 0=max 1=avg, kernel, stride, padding, ceil, count_include_pad)
    specs = [
        ((1, 2, 7, 8), 0, (3, 3), (2, 2), (1, 1), False, True),
        ((1, 2, 8, 8), 0, (3, 3), (2, 2), (1, 1), True, True),
        ((1, 2, 5, 5), 0, (2, 2), (2, 2), (0, 0), True, True),
        ((1, 2, 8, 8), 1, (3, 3), (2, 2), (1, 1), True, True),
        ((1, 2, 8, 8), 1, (3, 3), (2, 2), (1, 1), True, False),
        ((1, 2, 7, 7), 1, (3, 3), (3, 3), (0, 0), True, True),
        ((2, 3, 6, 9), 1, (2, 3), (1, 2), (1, 1), False, True),
        ((2, 3, 6, 9), 1, (2, 3), (1, 2), (1, 1), False, False),
        ((1, 2, 5, 6, 7), 0, (3, 3, 3), (2, 2, 2), (1, 1, 1), True, True),
        ((1, 2, 5, 5, 5), 1, (2, 2, 2), (2, 2, 2), (0, 0, 0), True, False),
        ((1, 2, 5, 6, 7), 1, (3, 2, 3), (2, 1, 2), (1, 1, 1), True, True),
        ((2, 3, 9), 1, (3,), (2,), (1,), True, True),
        ((2, 3, 10), 0, (4,), (3,), (2,), True, True),
        ((1, 2, 6, 6), 0, (5, 5), (1, 1), (2, 2), False, True),
        ((1, 2, 10, 11), 1, (4, 4), (3, 3), (2, 2), True, True),
    ]
    for i, (xs, kind, k, s, p, ceil, cip) in enumerate(specs):
        x = randn(*xs)
        r = len(k)
        if kind == 0:
            out = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[r](x, k, s, p, ceil_mode=ceil)
        else:
            out = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}[r](x, k, s, p, ceil_mode=ceil, count_include_pad=cip)
        c = f"pool{i}"
        cases.update({f"{c}.x": f32(x), f"{c}.kind": i32([kind]), f"{c}.kernel": i32(k), f"{c}.stride": i32(s),
                      f"{c}.padding": i32(p), f"{c}.ceil": i32([int(ceil)]), f"{c}.count_include_pad": i32([int(cip)]),
                      f"{c}.out": f32(out)})
    return cases


def resize_cases():
    cases = {}
    # mode -> (java mode, transform for align_corners False, rounding); transforms: 0 align corners, 1 asym, 2 half pixel
    modes = {"nearest": (0, 1, 0), "nearest-exact": (0, 2, 2), "linear": (1, 2, 0), "bilinear": (1, 2, 0),
             "bicubic": (2, 2, 0), "trilinear": (1, 2, 0)}
    inputs = {1: randn(2, 3, 7), 2: randn(1, 2, 5, 6), 3: randn(1, 2, 3, 4, 5)}
    sizes = {1: [(13,), (4,), (7,)], 2: [(10, 12), (9, 13), (3, 4), (5, 9), (1, 1)], 3: [(6, 8, 10), (2, 3, 7)]}
    # every factor changes every size: PyTorch treats an unchanged size with a scale factor inconsistently
    factors = {1: [1.7, 0.6], 2: [2.0, 1.5, 0.7, 2.3], 3: [2.0, 1.5]}
    i = 0
    for name, (mode, transform, rounding) in modes.items():
        ranks = {"linear": [1], "bilinear": [2], "bicubic": [2], "trilinear": [3]}.get(name, [1, 2, 3])
        corners = [False, True] if mode != 0 else [None]
        for r in ranks:
            x = inputs[r]
            for ac in corners:
                requests = [("size", s) for s in sizes[r]] + [("scale", f) for f in factors[r]]
                for kind, req in requests:
                    kw = {} if ac is None else {"align_corners": ac}
                    if kind == "size":
                        out = F.interpolate(x, size=req, mode=name, **kw)
                        scales = [0.0] * x.dim()
                    else:
                        out = F.interpolate(x, scale_factor=req, mode=name, recompute_scale_factor=False, **kw)
                        scales = [0.0, 0.0] + [req] * r
                    c = f"resize{i}"
                    i += 1
                    cases.update({f"{c}.x": f32(x), f"{c}.out_shape": i32(list(out.shape)),
                                  f"{c}.scales": np.float32(scales), f"{c}.mode": i32([mode]),
                                  f"{c}.transform": i32([0 if ac else transform]), f"{c}.rounding": i32([rounding]),
                                  f"{c}.out": f32(out)})
    return cases


def layout_cases():
    cases = {}
    a, b, c = randn(2, 3, 4), randn(2, 1, 4), randn(2, 2, 4)
    cases.update({"concat0.in0": f32(a), "concat0.in1": f32(b), "concat0.in2": f32(c), "concat0.axis": i32([1]),
                  "concat0.out": f32(torch.cat([a, b, c], 1))})
    d = randn(2, 3, 5)
    cases.update({"concat1.in0": f32(a), "concat1.in1": f32(d), "concat1.axis": i32([-1]),
                  "concat1.out": f32(torch.cat([a, d], -1))})
    x = randn(3, 7, 8, 5)
    # (start, size, stride) per axis; the golden is the equivalent numpy slicing
    slices = [
        ((0, 1, 0, 0), (3, 3, 8, 5), (1, 2, 1, 1)),
        ((2, 6, 7, 4), (3, 7, 4, 5), (-1, -1, -2, -1)),
        ((1, 0, 3, 1), (1, 4, 2, 2), (1, 2, 3, 2)),
    ]
    xn = x.numpy()
    for i, (start, size, stride) in enumerate(slices):
        index = tuple(np.arange(s, s + n * k, k) if n else np.arange(0) for s, n, k in zip(start, size, stride))
        out = xn[np.ix_(*index)]
        cases.update({f"slice{i}.x": f32(x), f"slice{i}.start": i32(start), f"slice{i}.size": i32(size),
                      f"slice{i}.stride": i32(stride), f"slice{i}.out": out.astype(np.float32)})
    for i, perm in enumerate([(0, 2, 3, 1), (3, 1, 0, 2), (1, 0, 2, 3)]):
        cases.update({f"transpose{i}.x": f32(x), f"transpose{i}.perm": i32(perm),
                      f"transpose{i}.out": f32(x.permute(*perm))})
    y = randn(2, 3, 5, 6)
    # pads in F.pad order (last dim first); mode 0 constant 1 reflect 2 replicate
    pads = [((1, 2, 0, 3), 0, 0.5), ((2, 1, 3, 2), 1, 0.0), ((2, 3, 1, 0), 2, 0.0), ((-1, 2, 1, -2), 0, 0.0),
            ((1, 1, 1, 1, 1, 0), 0, -1.0)]
    for i, (p, mode, value) in enumerate(pads):
        name = ["constant", "reflect", "replicate"][mode]
        out = F.pad(y, p, mode=name, value=value) if mode == 0 else F.pad(y, p, mode=name)
        cases.update({f"pad{i}.x": f32(y), f"pad{i}.pads": i32(p), f"pad{i}.mode": i32([mode]),
                      f"pad{i}.value": np.float32([value]), f"pad{i}.out": f32(out)})
    g = randn(4, 5, 6)
    idx = torch.tensor([[0, 4, -1], [2, 2, 1]], dtype=torch.int32)
    cases.update({"gather0.x": f32(g), "gather0.indices": i32(idx), "gather0.axis": i32([1]),
                  "gather0.out": np.take(g.numpy(), idx.numpy(), axis=1).astype(np.float32)})
    idx1 = torch.tensor([3, 0, 1], dtype=torch.int32)
    cases.update({"gather1.x": f32(g), "gather1.indices": i32(idx1), "gather1.axis": i32([0]),
                  "gather1.out": f32(torch.index_select(g, 0, idx1.long()))})
    ge = torch.randint(0, 5, (4, 3, 6), dtype=torch.int64)
    cases.update({"gatherel0.x": f32(g), "gatherel0.indices": i32(ge.to(torch.int32)), "gatherel0.axis": i32([1]),
                  "gatherel0.out": f32(torch.gather(g, 1, ge))})
    v = torch.cat([randn(20) * 10, torch.tensor([-2.5, -0.7, 0.0, 0.7, 2.5, 1e6])])
    cases.update({"cast_int.x": f32(v), "cast_int.out": i32(v.to(torch.int32)),
                  "cast_bool.x": f32(v), "cast_bool.out": i32(v.to(torch.bool).to(torch.int32))})
    return cases


def reduce_cases():
    cases = {}
    x = randn(3, 4, 5, 6)
    ops = {0: torch.sum, 1: torch.mean, 2: torch.amax, 3: torch.amin, 4: torch.prod}
    i = 0
    for op, fn in ops.items():
        for axes, keep in [((1,), True), ((2, 3), False), ((-1, 0), True), ((0, 1, 2, 3), False)]:
            v = x * 0.5 + 1.0 if op == 4 else x
            if op == 4:
                out = v
                for ax in sorted([a % 4 for a in axes], reverse=True):
                    out = torch.prod(out, ax, keepdim=True)
                if not keep:
                    out = out.reshape([n for d, n in enumerate(v.shape) if d not in [a % 4 for a in axes]])
            else:
                out = fn(v, dim=axes, keepdim=keep)
            c = f"reduce{i}"
            i += 1
            cases.update({f"{c}.x": f32(v), f"{c}.kind": i32([op]), f"{c}.axes": i32(axes), f"{c}.keep": i32([int(keep)]),
                          f"{c}.out": f32(out)})
    for j, axis in enumerate([1, -1, 0]):
        cases.update({f"softmax{j}.x": f32(x * 3), f"softmax{j}.axis": i32([axis]),
                      f"softmax{j}.out": f32(torch.softmax(x * 3, axis))})
    for j, (k, axis, largest) in enumerate([(3, 1, True), (2, -1, False), (6, 3, True), (1, 0, False)]):
        values, indices = torch.topk(x, k, dim=axis, largest=largest, sorted=True)
        cases.update({f"topk{j}.x": f32(x), f"topk{j}.k": i32([k]), f"topk{j}.axis": i32([axis]),
                      f"topk{j}.largest": i32([int(largest)]), f"topk{j}.values": f32(values),
                      f"topk{j}.indices": i32(indices.to(torch.int32))})
    # (a shape, b shape, transpose a, transpose b)
    specs = [((5, 7), (7, 3), 0, 0), ((2, 1, 3, 4), (3, 4, 5), 0, 0), ((2, 4, 3), (2, 5, 4), 1, 1),
             ((7,), (2, 7, 3), 0, 0), ((2, 3, 7), (7,), 0, 0), ((4, 6), (4,), 1, 0), ((40, 70), (70, 600), 0, 0),
             ((2, 33, 450), (450, 70), 0, 0)]
    for j, (sa, sb, ta, tb) in enumerate(specs):
        a, b = randn(*sa), randn(*sb)
        out = torch.matmul(a.transpose(-1, -2) if ta else a, b.transpose(-1, -2) if tb else b)
        cases.update({f"matmul{j}.a": f32(a), f"matmul{j}.b": f32(b), f"matmul{j}.trans": i32([ta, tb]),
                      f"matmul{j}.out": f32(out)})
    return cases


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_op_goldens.py OUTDIR")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for name, make in [("conv", conv_cases), ("pointwise", pointwise_cases), ("pool", pool_cases),
                       ("resize", resize_cases), ("layout", layout_cases), ("reduce", reduce_cases)]:
        path = os.path.join(out_dir, name + ".npz")
        arrays = make()
        np.savez_compressed(path, **arrays)
        print(f"{path}: {len({k.rsplit('.', 1)[0] for k in arrays})} cases, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
