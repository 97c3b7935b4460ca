"""PyTorch reference for Robust Video Matting (MobileNetV3-Large), the architecture of PeterL1n/RobustVideoMatting
`model/` written out in plain PyTorch (no torchvision), with the keys of the official rvm_mobilenetv3.pth.

    python3 rvm_reference.py keys OUT.json                      state_dict manifest [[name, shape], ...]
    python3 rvm_reference.py golden DIR [--height 72 --width 100 --ratio 0.5 --frames 3]
                                                                DIR/rvm_small.npz for the CPU golden test
    python3 rvm_reference.py golden DIR --height 40 --width 56 --ratio 1 --frames 2 --name rvm_ratio1.npz
                                                                the same without downsampling (no refiner)
    python3 rvm_reference.py frames DIR [--height 1080 --width 1920 --ratio 0.25 --frames 10 --device cuda]
                                                                DIR/rvm_frames.npz for the GPU test
    python3 rvm_reference.py onnx OUT.onnx [--height 1080 --width 1920 --ratio 0.25]   ratio fixed, true state shapes
    python3 rvm_reference.py bench [--height 1080 --width 1920 --ratio 0.25 --frames 300]  PyTorch FP16 eager fps
    python3 rvm_reference.py wts OUT.wts                        the hash weights as .wts (to run the CLI)

Weights are the hash weights of fcn_reference.py / HashWeights.java (a function of tensor name and element index).
Input frames are drawn the same way from the names `frame0`, `frame1`, ... in [0, 1], shape [1, 3, H, W].
States start at zeros of their true shapes and are carried from frame to frame.
"""
import argparse
import inspect
import os
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from reference_weights import hash_values, synthetic_state, write_keys, write_wts_fast  # noqa: E402


# ---------------------------------------------------------------- MobileNetV3-Large (torchvision's module indices)

def make_divisible(v, divisor=8):
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


def conv_bn_act(cin, cout, k, stride=1, dilation=1, groups=1, act=None):
    """torchvision Conv2dNormActivation: keys 0 (conv, no bias), 1 (BN eps 1e-3)."""
    layers = [nn.Conv2d(cin, cout, k, stride, (k - 1) // 2 * dilation, dilation=dilation, groups=groups, bias=False),
              nn.BatchNorm2d(cout, eps=0.001, momentum=0.01)]
    if act is not None:
        layers.append(act())
    return nn.Sequential(*layers)


class SqueezeExcitation(nn.Module):
    def __init__(self, channels, squeeze):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, squeeze, 1)
        self.fc2 = nn.Conv2d(squeeze, channels, 1)

    def forward(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        s = F.hardsigmoid(self.fc2(F.relu(self.fc1(s))))
        return x * s


class InvertedResidual(nn.Module):
    def __init__(self, cin, k, exp, cout, se, act, stride, dilation):
        super().__init__()
        act = nn.Hardswish if act == "HS" else nn.ReLU
        self.use_res = stride == 1 and cin == cout
        stride = 1 if dilation > 1 else stride
        layers = []
        if exp != cin:
            layers.append(conv_bn_act(cin, exp, 1, act=act))
        layers.append(conv_bn_act(exp, exp, k, stride, dilation, groups=exp, act=act))
        if se:
            layers.append(SqueezeExcitation(exp, make_divisible(exp // 4)))
        layers.append(conv_bn_act(exp, cout, 1))
        self.block = nn.Sequential(*layers)

    def forward(self, x):
        y = self.block(x)
        return x + y if self.use_res else y


# (in, kernel, expanded, out, SE, activation, stride, dilation): RVM's MobileNetV3LargeEncoder
SETTINGS = [
    (16, 3, 16, 16, False, "RE", 1, 1), (16, 3, 64, 24, False, "RE", 2, 1), (24, 3, 72, 24, False, "RE", 1, 1),
    (24, 5, 72, 40, True, "RE", 2, 1), (40, 5, 120, 40, True, "RE", 1, 1), (40, 5, 120, 40, True, "RE", 1, 1),
    (40, 3, 240, 80, False, "HS", 2, 1), (80, 3, 200, 80, False, "HS", 1, 1), (80, 3, 184, 80, False, "HS", 1, 1),
    (80, 3, 184, 80, False, "HS", 1, 1), (80, 3, 480, 112, True, "HS", 1, 1), (112, 3, 672, 112, True, "HS", 1, 1),
    (112, 5, 672, 160, True, "HS", 2, 2), (160, 5, 960, 160, True, "HS", 1, 2), (160, 5, 960, 160, True, "HS", 1, 2),
]


class MobileNetV3LargeEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        layers = [conv_bn_act(3, 16, 3, 2, act=nn.Hardswish)]
        layers += [InvertedResidual(*s) for s in SETTINGS]
        layers.append(conv_bn_act(160, 960, 1, act=nn.Hardswish))
        self.features = nn.Sequential(*layers)
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1), persistent=False)

    def forward(self, x):
        x = (x - self.mean) / self.std
        taps = []
        for i, layer in enumerate(self.features):
            x = layer(x)
            if i in (1, 3, 6, 16):
                taps.append(x)
        return taps


class LRASPP(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.aspp1 = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(True))
        self.aspp2 = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(cin, cout, 1, bias=False), nn.Sigmoid())

    def forward(self, x):
        return self.aspp1(x) * self.aspp2(x)


# ---------------------------------------------------------------- recurrent decoder

class ConvGRU(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.channels = channels
        self.ih = nn.Sequential(nn.Conv2d(channels * 2, channels * 2, 3, padding=1), nn.Sigmoid())
        self.hh = nn.Sequential(nn.Conv2d(channels * 2, channels, 3, padding=1), nn.Tanh())

    def forward(self, x, h):
        r, z = self.ih(torch.cat([x, h], dim=1)).split(self.channels, dim=1)
        c = self.hh(torch.cat([x, r * h], dim=1))
        h = (1 - z) * h + z * c
        return h, h


class BottleneckBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.channels = channels
        self.gru = ConvGRU(channels // 2)

    def forward(self, x, r):
        a, b = x.split(self.channels // 2, dim=1)
        b, r = self.gru(b, r)
        return torch.cat([a, b], dim=1), r


class UpsamplingBlock(nn.Module):
    def __init__(self, cin, skip, src, cout):
        super().__init__()
        self.out_channels = cout
        self.upsample = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.conv = nn.Sequential(nn.Conv2d(cin + skip + src, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(True))
        self.gru = ConvGRU(cout // 2)

    def forward(self, x, f, s, r):
        x = self.upsample(x)
        x = x[:, :, :s.size(2), :s.size(3)]
        x = self.conv(torch.cat([x, f, s], dim=1))
        a, b = x.split(self.out_channels // 2, dim=1)
        b, r = self.gru(b, r)
        return torch.cat([a, b], dim=1), r


class OutputBlock(nn.Module):
    def __init__(self, cin, src, cout):
        super().__init__()
        self.upsample = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.conv = nn.Sequential(
            nn.Conv2d(cin + src, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(True),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(True))

    def forward(self, x, s):
        x = self.upsample(x)
        x = x[:, :, :s.size(2), :s.size(3)]
        return self.conv(torch.cat([x, s], dim=1))


class RecurrentDecoder(nn.Module):
    def __init__(self, feature_channels, decoder_channels):
        super().__init__()
        self.avgpool = nn.AvgPool2d(2, 2, count_include_pad=False, ceil_mode=True)
        self.decode4 = BottleneckBlock(feature_channels[3])
        self.decode3 = UpsamplingBlock(feature_channels[3], feature_channels[2], 3, decoder_channels[0])
        self.decode2 = UpsamplingBlock(decoder_channels[0], feature_channels[1], 3, decoder_channels[1])
        self.decode1 = UpsamplingBlock(decoder_channels[1], feature_channels[0], 3, decoder_channels[2])
        self.decode0 = OutputBlock(decoder_channels[2], 3, decoder_channels[3])

    def forward(self, s0, f1, f2, f3, f4, r1, r2, r3, r4):
        s1 = self.avgpool(s0)
        s2 = self.avgpool(s1)
        s3 = self.avgpool(s2)
        x4, r4 = self.decode4(f4, r4)
        x3, r3 = self.decode3(x4, f3, s3, r3)
        x2, r2 = self.decode2(x3, f2, s2, r2)
        x1, r1 = self.decode1(x2, f1, s1, r1)
        return self.decode0(x1, s0), r1, r2, r3, r4


class Projection(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 1)

    def forward(self, x):
        return self.conv(x)


class DeepGuidedFilterRefiner(nn.Module):
    def __init__(self, hid=16):
        super().__init__()
        self.box_filter = nn.Conv2d(4, 4, kernel_size=3, padding=1, bias=False, groups=4)
        self.conv = nn.Sequential(
            nn.Conv2d(4 * 2 + hid, hid, 1, bias=False), nn.BatchNorm2d(hid), nn.ReLU(True),
            nn.Conv2d(hid, hid, 1, bias=False), nn.BatchNorm2d(hid), nn.ReLU(True),
            nn.Conv2d(hid, 4, 1, bias=True))

    def forward(self, fine_src, base_src, base_fgr, base_pha, base_hid):
        fine_x = torch.cat([fine_src, fine_src.mean(1, keepdim=True)], dim=1)
        base_x = torch.cat([base_src, base_src.mean(1, keepdim=True)], dim=1)
        base_y = torch.cat([base_fgr, base_pha], dim=1)
        mean_x = self.box_filter(base_x)
        mean_y = self.box_filter(base_y)
        cov_xy = self.box_filter(base_x * base_y) - mean_x * mean_y
        var_x = self.box_filter(base_x * base_x) - mean_x * mean_x
        A = self.conv(torch.cat([cov_xy, var_x, base_hid], dim=1))
        b = mean_y - A * mean_x
        H, W = fine_src.shape[2:]
        A = F.interpolate(A, (H, W), mode="bilinear", align_corners=False)
        b = F.interpolate(b, (H, W), mode="bilinear", align_corners=False)
        out = A * fine_x + b
        return out.split([3, 1], dim=1)


class MattingNetwork(nn.Module):
    def __init__(self, ratio):
        super().__init__()
        self.ratio = ratio
        self.backbone = MobileNetV3LargeEncoder()
        self.aspp = LRASPP(960, 128)
        self.decoder = RecurrentDecoder([16, 24, 40, 128], [80, 40, 32, 16])
        self.project_mat = Projection(16, 4)
        self.project_seg = Projection(16, 1)
        self.refiner = DeepGuidedFilterRefiner()

    def forward(self, src, r1, r2, r3, r4):
        if self.ratio != 1:
            src_sm = F.interpolate(src, scale_factor=self.ratio, mode="bilinear", align_corners=False,
                                   recompute_scale_factor=False)
        else:
            src_sm = src
        f1, f2, f3, f4 = self.backbone(src_sm)
        f4 = self.aspp(f4)
        hid, r1, r2, r3, r4 = self.decoder(src_sm, f1, f2, f3, f4, r1, r2, r3, r4)
        fgr_residual, pha = self.project_mat(hid).split([3, 1], dim=1)
        if self.ratio != 1:
            fgr_residual, pha = self.refiner(src, src_sm, fgr_residual, pha, hid)
        fgr = (fgr_residual + src).clamp(0., 1.)
        return fgr, pha.clamp(0., 1.), r1, r2, r3, r4


def state_shapes(batch, height, width, ratio):
    """True shapes of r1..r4: the small source's size halved with ceil 1, 2, 3 times, and the backbone's /16."""
    h, w = (int(height * ratio), int(width * ratio)) if ratio != 1 else (height, width)
    sizes = []
    for _ in range(4):
        h, w = (h + 1) // 2, (w + 1) // 2
        sizes.append((h, w))
    return [(batch, c, sh, sw) for c, (sh, sw) in zip((16, 20, 40, 64), sizes)]


def model(ratio, device="cpu"):
    net = MattingNetwork(ratio)
    net.load_state_dict(synthetic_state(net.state_dict()))
    return net.eval().to(device)


def frame(i, height, width):
    return torch.from_numpy(hash_values("frame%d" % i, 3 * height * width, 0.0, 1.0).reshape(1, 3, height, width))


def run_frames(args, device):
    net = model(args.ratio, device)
    states = [torch.zeros(s, device=device) for s in state_shapes(1, args.height, args.width, args.ratio)]
    out = {}
    with torch.no_grad():
        for i in range(args.frames):
            fgr, pha, *states = net(frame(i, args.height, args.width).to(device), *states)
            out["fgr%d" % i] = fgr.float().cpu().numpy()
            out["pha%d" % i] = pha.float().cpu().numpy()
            for k, r in enumerate(states):
                out["r%do%d" % (k + 1, i)] = r.float().cpu().numpy()
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["keys", "golden", "frames", "onnx", "bench", "wts"])
    p.add_argument("target", nargs="?")
    p.add_argument("--height", type=int)
    p.add_argument("--width", type=int)
    p.add_argument("--ratio", type=float)
    p.add_argument("--frames", type=int)
    p.add_argument("--device", default="cpu")
    p.add_argument("--name", help="output file name in DIR (default rvm_small.npz / rvm_frames.npz)")
    a = p.parse_args()
    small = a.command == "golden"
    a.height = a.height or (72 if small else 1080)
    a.width = a.width or (100 if small else 1920)
    a.ratio = a.ratio or (0.5 if small else 0.25)
    a.frames = a.frames or (3 if small else 300 if a.command == "bench" else 10)

    if a.command == "keys":
        write_keys(MattingNetwork(0.25).state_dict(), a.target)
    elif a.command in ("golden", "frames"):
        os.makedirs(a.target, exist_ok=True)
        # a full-precision reference: no TF32 in cuDNN convolutions or matmuls (PyTorch enables it for convolutions)
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.manual_seed(0)
        out = run_frames(a, a.device)
        name = a.name or ("rvm_small.npz" if small else "rvm_frames.npz")
        # fgr and pha of every frame, the states after the last (the CPU fixture stays under 2 MB)
        out = {k: v for k, v in out.items() if k.startswith(("fgr", "pha")) or k.endswith("o%d" % (a.frames - 1))}
        out["meta"] = np.array([a.height, a.width, a.frames], dtype=np.int32)
        path = os.path.join(a.target, name)
        np.savez(path + ".tmp.npz", **out)  # then renamed: a test waiting for the file never reads half of it
        os.replace(path + ".tmp.npz", path)
        print("wrote", os.path.join(a.target, name), "keys", len(out))
    elif a.command == "onnx":
        net = model(a.ratio)
        shapes = state_shapes(1, a.height, a.width, a.ratio)
        args = (torch.zeros(1, 3, a.height, a.width),) + tuple(torch.zeros(s) for s in shapes)
        kwargs = dict(opset_version=17, input_names=["src", "r1i", "r2i", "r3i", "r4i"],
                      output_names=["fgr", "pha", "r1o", "r2o", "r3o", "r4o"])
        if "dynamo" in inspect.signature(torch.onnx.export).parameters:
            kwargs["dynamo"] = False  # the TorchScript exporter: static shapes, constant scales (the ratio is fixed)
        os.makedirs(os.path.dirname(os.path.abspath(a.target)), exist_ok=True)
        try:
            torch.onnx.export(net, args, a.target + ".tmp", **kwargs)
        except Exception as e:  # a PyTorch without the TorchScript exporter
            if "dynamo" not in kwargs:
                raise
            print("TorchScript ONNX export failed ({}); retrying with dynamo=True".format(e))
            kwargs["dynamo"] = True
            torch.onnx.export(net, args, a.target + ".tmp", **kwargs)
        os.replace(a.target + ".tmp", a.target)
        print("wrote", a.target)
    elif a.command == "bench":
        dev = "cuda"
        net = model(a.ratio, dev).half()
        states = [torch.zeros(s, device=dev, dtype=torch.half) for s in state_shapes(1, a.height, a.width, a.ratio)]
        src = frame(0, a.height, a.width).to(dev).half()
        with torch.no_grad():
            for _ in range(20):
                fgr, pha, *states = net(src, *states)
            torch.cuda.synchronize()
            t = time.perf_counter()
            for _ in range(a.frames):
                fgr, pha, *states = net(src, *states)
            torch.cuda.synchronize()
            dt = time.perf_counter() - t
        print("rvm pytorch fp16 eager %dx%d ratio %g: %.1f fps (%.3f ms/frame, states on the GPU, input resident)"
              % (a.height, a.width, a.ratio, a.frames / dt, dt * 1000 / a.frames))
    elif a.command == "wts":
        write_wts_fast(synthetic_state(MattingNetwork(0.25).state_dict()), a.target)
        print("wrote", a.target)


if __name__ == "__main__":
    main()
