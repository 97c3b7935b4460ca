"""PyTorch reference for the cascade MVS depth network (`casmvsnet` in trt4j), plain PyTorch, no einops.

    python3 mvs_reference.py keys OUTDIR                   key/shape manifest (mvs.keys.json)
    python3 mvs_reference.py golden OUTDIR                 mvs_small.npz at 1x3x3x32x64 (+ manifest), for MvsCpuGoldenTest
    python3 mvs_reference.py full OUTDIR [--device cuda]   mvs_full.npz at 1x3x3x384x768 (inputs and outputs), for the GPU test
    python3 mvs_reference.py onnx OUT.onnx [--no-inverse]  tries the ONNX export route (see the README's MVS section)
    python3 mvs_reference.py bench [--device cuda]         PyTorch eager latency at 1x3x3x384x768, FP32/TF32/FP16

The network follows alibaba/cascade-stereo CasMVSNet (models/cas_mvsnet.py, models/module.py): FPN FeatureNet
(8/16/32 channels, outputs 32/16/8 per stage), homography warping with proj_src . inverse(proj_ref) and
grid_sample(align_corners=False) while the normalization divides by (W-1)/2 (CasMVSNet's own convention), variance cost
volume, 3-D U-Net CostRegNet per stage, softmax depth regression, photometric confidence (probability summed over 4
hypotheses around the expected index), 48/32/8 hypotheses with interval ratios 4/2/1.
The seed's additions, with the values trt4j chose where the seed says nothing (options of the Java network too):
  * patch attention between the views of each stage's cost volume, after warping and before the variance: the
    per-view volumes are stacked (B C D H W V), zero padded to a multiple of the patch (d, h, w) = (2, 4, 4),
    rearranged B C (D d) (H h) (W w) V -> (B D H W) (d h w C) V, split into `heads` (1) along the feature dim, and
    attended with einsum('bdhn,bdhm->bhnm') / sqrt(features), softmax over m, einsum('bhnm,bdhm->bdhn'); the result is
    added to each view's volume (residual) and cropped back. No learned weights.
  * PropagationNet on `edge` [B,3,H,W]: three conv3x3-BN-ReLU (32 channels) then conv3x3 to one channel without bias,
    added to the final depth (keys refine_network.conv1..3.{conv,bn}, refine_network.res).
  * depth_min: the lowest depth hypothesis of the last stage per pixel (cur_depth - ndepth/2 * interval).
depth_interval = (depth_values[:, -1] - depth_values[:, 0]) / N with N = depth_values.size(1), or N = 192
(CasMVSNet's DTU hypothesis count) when depth_values is (min, max) only.

Weights are a hash of (tensor name, element index), the rule of fcn_reference.py and HashWeights.java.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from reference_weights import hash_values, synthetic_state, write_keys, write_wts_fast  # noqa: E402



NDEPTHS = (48, 32, 8)
RATIOS = (4, 2, 1)
SCALES = (4, 2, 1)


class ConvBnReLU(nn.Module):
    """CasMVSNet's module.Conv2d / Conv3d / Deconv3d / ConvBnReLU: conv (no bias), bn, relu."""

    def __init__(self, conv):
        super().__init__()
        self.conv = conv
        out = conv.out_channels
        self.bn = nn.BatchNorm3d(out) if conv.weight.dim() == 5 else nn.BatchNorm2d(out)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


def c2(i, o, k, s=1, p=1):
    return ConvBnReLU(nn.Conv2d(i, o, k, stride=s, padding=p, bias=False))


def c3(i, o, s=1):
    return ConvBnReLU(nn.Conv3d(i, o, 3, stride=s, padding=1, bias=False))


def d3(i, o):
    return ConvBnReLU(nn.ConvTranspose3d(i, o, 3, stride=2, padding=1, output_padding=1, bias=False))


class FeatureNet(nn.Module):
    def __init__(self, bc=8):
        super().__init__()
        self.conv0 = nn.Sequential(c2(3, bc, 3), c2(bc, bc, 3))
        self.conv1 = nn.Sequential(c2(bc, bc * 2, 5, 2, 2), c2(bc * 2, bc * 2, 3), c2(bc * 2, bc * 2, 3))
        self.conv2 = nn.Sequential(c2(bc * 2, bc * 4, 5, 2, 2), c2(bc * 4, bc * 4, 3), c2(bc * 4, bc * 4, 3))
        self.out1 = nn.Conv2d(bc * 4, bc * 4, 1, bias=False)
        self.inner1 = nn.Conv2d(bc * 2, bc * 4, 1, bias=True)
        self.inner2 = nn.Conv2d(bc, bc * 4, 1, bias=True)
        self.out2 = nn.Conv2d(bc * 4, bc * 2, 3, padding=1, bias=False)
        self.out3 = nn.Conv2d(bc * 4, bc, 3, padding=1, bias=False)

    def forward(self, x):
        conv0 = self.conv0(x)
        conv1 = self.conv1(conv0)
        conv2 = self.conv2(conv1)
        out = [self.out1(conv2)]
        intra = F.interpolate(conv2, scale_factor=2, mode="nearest") + self.inner1(conv1)
        out.append(self.out2(intra))
        intra = F.interpolate(intra, scale_factor=2, mode="nearest") + self.inner2(conv0)
        out.append(self.out3(intra))
        return out


class CostRegNet(nn.Module):
    def __init__(self, cin, bc=8):
        super().__init__()
        self.conv0 = c3(cin, bc)
        self.conv1 = c3(bc, bc * 2, 2)
        self.conv2 = c3(bc * 2, bc * 2)
        self.conv3 = c3(bc * 2, bc * 4, 2)
        self.conv4 = c3(bc * 4, bc * 4)
        self.conv5 = c3(bc * 4, bc * 8, 2)
        self.conv6 = c3(bc * 8, bc * 8)
        self.conv7 = d3(bc * 8, bc * 4)
        self.conv9 = d3(bc * 4, bc * 2)
        self.conv11 = d3(bc * 2, bc)
        self.prob = nn.Conv3d(bc, 1, 3, stride=1, padding=1, bias=False)

    def forward(self, x):
        conv0 = self.conv0(x)
        conv2 = self.conv2(self.conv1(conv0))
        conv4 = self.conv4(self.conv3(conv2))
        x = self.conv6(self.conv5(conv4))
        x = conv4 + self.conv7(x)
        x = conv2 + self.conv9(x)
        x = conv0 + self.conv11(x)
        return self.prob(x)


class PropagationNet(nn.Module):
    def __init__(self, ch=32):
        super().__init__()
        self.conv1 = c2(3, ch, 3)
        self.conv2 = c2(ch, ch, 3)
        self.conv3 = c2(ch, ch, 3)
        self.res = nn.Conv2d(ch, 1, 3, padding=1, bias=False)

    def forward(self, edge):
        return self.res(self.conv3(self.conv2(self.conv1(edge))))


def homo_warping(src_fea, src_proj, ref_proj, depth_values):
    """CasMVSNet's homo_warping: depth_values [B, D, H, W]."""
    batch, channels, height, width = src_fea.shape
    num_depth = depth_values.shape[1]
    proj = torch.matmul(src_proj, torch.inverse(ref_proj))
    rot, trans = proj[:, :3, :3], proj[:, :3, 3:4]
    y, x = torch.meshgrid([torch.arange(0, height, dtype=torch.float32, device=src_fea.device),
                           torch.arange(0, width, dtype=torch.float32, device=src_fea.device)], indexing="ij")
    y, x = y.contiguous().view(height * width), x.contiguous().view(height * width)
    xyz = torch.stack((x, y, torch.ones_like(x))).unsqueeze(0).repeat(batch, 1, 1)
    rot_xyz = torch.matmul(rot, xyz)
    rot_depth_xyz = rot_xyz.unsqueeze(2).repeat(1, 1, num_depth, 1) * depth_values.view(batch, 1, num_depth, -1)
    proj_xyz = rot_depth_xyz + trans.view(batch, 3, 1, 1)
    proj_xy = proj_xyz[:, :2, :, :] / proj_xyz[:, 2:3, :, :]
    proj_x_normalized = proj_xy[:, 0, :, :] / ((width - 1) / 2) - 1
    proj_y_normalized = proj_xy[:, 1, :, :] / ((height - 1) / 2) - 1
    grid = torch.stack((proj_x_normalized, proj_y_normalized), dim=3)
    warped = F.grid_sample(src_fea, grid.view(batch, num_depth * height, width, 2), mode="bilinear",
                           padding_mode="zeros", align_corners=False)
    return warped.view(batch, channels, num_depth, height, width)


def patch_attention(volumes, patch, heads):
    """The seed's view attention per 3-D patch (see the module docstring); volumes: V tensors [B, C, D, H, W]."""
    x = torch.stack(volumes, -1)
    b, c, d, h, w, v = x.shape
    pd, ph, pw = patch
    padded = F.pad(x, (0, 0, 0, (-w) % pw, 0, (-h) % ph, 0, (-d) % pd))
    dp, hp, wp = padded.shape[2:5]
    t = padded.reshape(b, c, dp // pd, pd, hp // ph, ph, wp // pw, pw, v).permute(0, 2, 4, 6, 3, 5, 7, 1, 8)
    feats = pd * ph * pw * c
    t = t.reshape(-1, feats // heads, heads, v)
    scores = torch.einsum("bdhn,bdhm->bhnm", t, t) * (feats // heads) ** -0.5
    attn = scores.softmax(dim=-1)
    o = torch.einsum("bhnm,bdhm->bdhn", attn, t)
    o = o.reshape(b, dp // pd, hp // ph, wp // pw, pd, ph, pw, c, v).permute(0, 7, 1, 4, 2, 5, 3, 6, 8)
    o = o.reshape(b, c, dp, hp, wp, v)[:, :, :d, :h, :w]
    return [volumes[i] + o[..., i] for i in range(v)]


def depth_regression(p, depth_values):
    if depth_values.dim() <= 2:
        depth_values = depth_values.view(*depth_values.shape, 1, 1)
    return torch.sum(p * depth_values, 1)


class CascadeMvsNet(nn.Module):
    def __init__(self, ndepths=NDEPTHS, attention=(True, True, True), patch=(2, 4, 4), heads=1,
                 propagation=True, prop_channels=32, divisions=192):
        super().__init__()
        self.ndepths, self.attention, self.patch, self.heads = ndepths, attention, patch, heads
        self.divisions = divisions
        self.feature = FeatureNet(8)
        self.cost_regularization = nn.ModuleList([CostRegNet(ch, 8) for ch in (32, 16, 8)])
        self.refine_network = PropagationNet(prop_channels) if propagation else None

    def depth_net(self, stage, features, projs, depth_values):
        """CasMVSNet's DepthNet, with the attention before the variance."""
        ref_proj = projs[:, 0]
        num_views = len(features)
        d = depth_values.shape[1]

        def combined(p):  # [:, :3, :4] = K . E[:3, :4]
            q = p[:, 0].clone()
            q[:, :3, :4] = torch.matmul(p[:, 1, :3, :3], p[:, 0, :3, :4])
            return q

        ref_new = combined(ref_proj)
        volumes = [features[0].unsqueeze(2).repeat(1, 1, d, 1, 1)]
        for v in range(1, num_views):
            volumes.append(homo_warping(features[v], combined(projs[:, v]), ref_new, depth_values))
        if self.attention[stage]:
            volumes = patch_attention(volumes, self.patch, self.heads)
        volume_sum, volume_sq_sum = volumes[0], volumes[0] ** 2
        for w in volumes[1:]:
            volume_sum = volume_sum + w
            volume_sq_sum = volume_sq_sum + w ** 2
        variance = volume_sq_sum.div_(num_views).sub_(volume_sum.div_(num_views).pow_(2))
        prob = F.softmax(self.cost_regularization[stage](variance).squeeze(1), dim=1)
        depth = depth_regression(prob, depth_values)
        sum4 = 4 * F.avg_pool3d(F.pad(prob.unsqueeze(1), pad=(0, 0, 0, 0, 1, 2)), (4, 1, 1), stride=1, padding=0).squeeze(1)
        index = depth_regression(prob, torch.arange(d, device=prob.device, dtype=torch.float)).long().clamp(0, d - 1)
        conf = torch.gather(sum4, 1, index.unsqueeze(1)).squeeze(1)
        return depth, conf

    def forward(self, imgs, proj1, proj2, proj3, depth_values, edge):
        b, v, _, h, w = imgs.shape
        feats = [self.feature(imgs[:, i]) for i in range(v)]
        first, last = depth_values[:, 0], depth_values[:, -1]
        n = depth_values.shape[1] if depth_values.shape[1] > 2 else self.divisions
        interval = ((last - first) / n).view(b, 1, 1)
        out = {}
        depth = None
        for s, projs in enumerate((proj1, proj2, proj3)):
            nd, sh, sw = self.ndepths[s], h // SCALES[s], w // SCALES[s]
            if depth is None:
                step = (last - first) / (nd - 1)
                samples = first.view(b, 1) + torch.arange(nd, dtype=imgs.dtype, device=imgs.device).view(1, -1) * step.view(b, 1)
                samples = samples.view(b, nd, 1, 1).repeat(1, 1, h, w)
            else:
                cur = F.interpolate(depth.unsqueeze(1), [h, w], mode="bilinear", align_corners=False).squeeze(1)
                half = (nd / 2 * RATIOS[s]) * interval
                cur_min, cur_max = cur - half, cur + half
                new_interval = (cur_max - cur_min) / (nd - 1)
                samples = cur_min.unsqueeze(1) + torch.arange(nd, dtype=imgs.dtype, device=imgs.device).view(1, -1, 1, 1) * new_interval.unsqueeze(1)
            samples = F.interpolate(samples.unsqueeze(1), [nd, sh, sw], mode="trilinear", align_corners=False).squeeze(1)
            depth, conf = self.depth_net(s, [f[s] for f in feats], projs, samples)
            out["outputs_stage%d" % (s + 1)] = depth
            out["pc_stage%d" % (s + 1)] = conf
        out["depth_min"] = samples[:, 0]
        out["photometric_confidence"] = conf
        out["depth"] = depth + self.refine_network(edge).squeeze(1) if self.refine_network is not None else depth
        return out


def model_with_hash_weights(**kw):
    m = CascadeMvsNet(**kw)
    m.load_state_dict(synthetic_state(m.state_dict()))
    return m.eval()


def scene_inputs(h, w, views=3, tag="mvs"):
    """Hash images and edges; cameras looking at a scene 2..6 units away, views shifted sideways (MVSNet layout).
    The images span [-16, 16]: with hash weights and unit images the cost volumes are nearly flat and every
    softmax nearly uniform, which would let errors hide."""
    imgs = torch.from_numpy(hash_values(tag + "_imgs", views * 3 * h * w, -16.0, 16.0)).reshape(1, views, 3, h, w)
    edge = torch.from_numpy(hash_values(tag + "_edge", 3 * h * w, 0.0, 1.0)).reshape(1, 3, h, w)
    f = 0.8 * w
    projs = []
    for scale in SCALES:
        p = np.zeros((1, views, 2, 4, 4), np.float32)
        for v in range(views):
            ext = np.eye(4, dtype=np.float32)
            ext[0, 3] = -0.1 * v  # camera v sits 0.1 v to the right
            ext[1, 3] = 0.03 * v
            ang = 0.02 * v
            ext[:3, :3] = np.array([[np.cos(ang), 0, np.sin(ang)], [0, 1, 0], [-np.sin(ang), 0, np.cos(ang)]], np.float32)
            p[0, v, 0] = ext
            p[0, v, 1, :3, :3] = np.array([[f / scale, 0, (w / 2) / scale], [0, f / scale, (h / 2) / scale], [0, 0, 1]], np.float32)
        projs.append(torch.from_numpy(p))
    depth_values = torch.tensor([[2.0, 6.0]], dtype=torch.float32)
    return imgs, projs, depth_values, edge


def run(model, inputs, device):
    imgs, projs, dv, edge = inputs
    with torch.no_grad():
        out = model.to(device)(imgs.to(device), *[p.to(device) for p in projs], dv.to(device), edge.to(device))
    return {k: t.float().cpu().numpy() for k, t in out.items()}


def write_npz(path, inputs, out):
    imgs, projs, dv, edge = inputs
    arrays = {"imgs": imgs.numpy(), "depth_values": dv.numpy(), "edge": edge.numpy()}
    for i, p in enumerate(projs):
        arrays["proj_matrices_stage%d" % (i + 1)] = p.numpy()
    arrays.update(out)
    np.savez_compressed(path, **arrays)
    print(path, {k: (v.shape, float(np.abs(v).max())) for k, v in arrays.items()})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["keys", "golden", "full", "onnx", "bench"])
    ap.add_argument("path", nargs="?", default=".")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--no-inverse", action="store_true", help="onnx: move the matrix inverse out to see the next failure")
    ap.add_argument("--wts", action="store_true", help="full: also write mvs.wts")
    args = ap.parse_args()
    torch.set_grad_enabled(False)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    if args.command in ("keys", "golden", "full"):
        os.makedirs(args.path, exist_ok=True)
        model = model_with_hash_weights()
        write_keys(model.state_dict(), os.path.join(args.path, "mvs.keys.json"))
        if args.command == "keys":
            return
        h, w = (32, 64) if args.command == "golden" else (384, 768)
        inputs = scene_inputs(h, w)
        name = "mvs_small.npz" if args.command == "golden" else "mvs_full.npz"
        write_npz(os.path.join(args.path, name), inputs, run(model, inputs, args.device))
        if args.wts:
            write_wts_fast(model.state_dict(), os.path.join(args.path, "mvs.wts"))
        if args.command == "full":  # the inputs one by one, for `trt4j bench casmvsnet --input NAME=NAME.npy`
            imgs, projs, dv, edge = inputs
            named = {"imgs": imgs, "depth_values": dv, "edge": edge}
            named.update({"proj_matrices_stage%d" % (i + 1): p for i, p in enumerate(projs)})
            for k, t in named.items():
                np.save(os.path.join(args.path, k + ".npy"), t.numpy())
    elif args.command == "onnx":
        export_onnx(model_with_hash_weights(), scene_inputs(384, 768), args.path, args.no_inverse)
    else:
        bench(args.device)


class OnnxWrapper(nn.Module):
    """Outputs as a tuple (ONNX export takes no dict), in the order the trt4j engine marks them: trt4j bench --onnx
    pairs inputs and outputs by position."""
    NAMES = ["outputs_stage1", "pc_stage1", "outputs_stage2", "pc_stage2", "outputs_stage3", "pc_stage3", "depth_min",
             "photometric_confidence", "depth"]

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, *args):
        out = self.model(*args)
        return tuple(out[k] for k in self.NAMES)


def export_onnx(model, inputs, path, no_inverse):
    """The seed's route: torch.onnx.export at opset 17 (then `trt4j bench casmvsnet ... --onnx PATH` parses it).
    --no-inverse exports torch.inverse as a custom node trt4j::MatrixInverse (what a plugin would replace) to find
    the next failure."""
    imgs, projs, dv, edge = inputs
    if no_inverse:
        from torch.onnx import register_custom_op_symbolic
        for op in ("aten::linalg_inv", "aten::inverse"):
            # the attributes TensorRT's ONNX parser reads to find a plugin for an unknown node (trt4j's namespace)
            register_custom_op_symbolic(op, lambda g, x: g.op("trt4j::MatrixInverse", x, plugin_version_s="1",
                                                              plugin_namespace_s="trt4j"), 17)
    names = ["imgs", "proj_matrices_stage1", "proj_matrices_stage2", "proj_matrices_stage3", "depth_values", "edge"]
    kwargs = dict(input_names=names, output_names=OnnxWrapper.NAMES, opset_version=17)
    import inspect
    # the TorchScript exporter first (the seed's route); newer PyTorch also has (or only has) the dynamo exporter
    attempts = [{"dynamo": False}, {"dynamo": True}] if "dynamo" in inspect.signature(torch.onnx.export).parameters else [{}]
    if no_inverse:  # the custom symbolic is the TorchScript exporter's mechanism
        attempts = attempts[:1]
    for extra in attempts:
        try:
            torch.onnx.export(OnnxWrapper(model).eval(), (imgs, *projs, dv, edge), path, **kwargs, **extra)
        except Exception as e:  # noqa: BLE001 - the failure is the result
            first = str(e).strip().splitlines()[0] if str(e).strip() else ""
            print("ONNX export %sfailed: %s: %s" % ("(%s) " % extra if extra else "", type(e).__name__, first))
            continue
        print("wrote", path, extra or "")
        return
    sys.exit(1)


def bench(device, iters=20):
    """PyTorch eager at 1x3x3x384x768: FP32, TF32 and FP16 (autocast: convolutions in half, grid_sample and the
    inverse in float32 as autocast decides)."""
    model = model_with_hash_weights().to(device)
    imgs, projs, dv, edge = scene_inputs(384, 768)
    args = [imgs.to(device)] + [p.to(device) for p in projs] + [dv.to(device), edge.to(device)]
    for name in ("fp32", "tf32", "fp16"):
        torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = name == "tf32"
        try:
            with torch.autocast(device_type=device, dtype=torch.float16 if device == "cuda" else torch.bfloat16,
                                enabled=name == "fp16"):
                for _ in range(3):
                    model(*args)
                if device == "cuda":
                    torch.cuda.synchronize()
                t = []
                for _ in range(iters):
                    t0 = time.perf_counter()
                    model(*args)
                    if device == "cuda":
                        torch.cuda.synchronize()
                    t.append(time.perf_counter() - t0)
            print("pytorch eager %s %s: median %.3f ms, min %.3f ms" % (device, name, 1e3 * float(np.median(t)), 1e3 * min(t)))
        except Exception as e:  # noqa: BLE001 - report and go on to the next precision
            print("pytorch eager %s %s: failed: %s" % (device, name, str(e).splitlines()[0]))


if __name__ == "__main__":
    main()
