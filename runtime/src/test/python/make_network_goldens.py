"""Goldens for the runtime's network tests, each a small PyTorch module with seeded weights written as a .wts file
(tensorrtx text format) and its input/outputs as .npz:
  tiny:  conv-bn-relu-pool-resize-concat (+ deconv, linear), the module/naming test network;
  mixed: the other ops through the CPU interpreter (pad, grouped dilated conv, hardswish, ceil-mode avg pool,
         deconv with output padding, where, nearest/bicubic resize, conv3d+bn3d, matmul, softmax, topk,
         index_select, permute/reshape/slice, pow, max).

usage: make_network_goldens.py OUTDIR   (writes OUTDIR/{tiny,mixed}.{wts,npz})
Works with torch 1.13 and 2.x, CPU, deterministic.
"""
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.branch = nn.Conv2d(8, 4, 1)
        self.up = nn.ConvTranspose2d(4, 4, 2, stride=2)
        self.head = nn.Conv2d(16, 2, 3, padding=1)
        self.fc = nn.Linear(16, 5)

    def forward(self, x):
        a = self.stem(x)                                     # 1x8x8x10
        p = F.max_pool2d(a, 2)                               # 1x8x4x5
        b = F.leaky_relu(self.branch(p), 0.1)                # 1x4x4x5
        u = F.interpolate(b, scale_factor=2.0, mode="bilinear", align_corners=False)  # 1x4x8x10
        c = torch.cat([a, u, self.up(b)], 1)                 # 1x16x8x10
        out = torch.sigmoid(self.head(c))                    # 1x2x8x10
        logits = self.fc(c.mean(dim=(2, 3)))                 # 1x5
        return out, logits


class Mixed(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 8, 3, stride=2, padding=2, dilation=2, groups=2)
        self.deconv = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1)
        self.conv3d = nn.Conv3d(2, 3, 3, padding=1)
        self.bn3d = nn.BatchNorm3d(3)
        self.proj = nn.Linear(6, 6, bias=False)

    def forward(self, x):                                                   # 1x4x8x8
        y = F.pad(x, (1, 2, 2, 1), mode="reflect")                          # 1x4x11x11
        y = F.hardswish(self.conv(y))                                       # 1x8x6x6
        y = F.avg_pool2d(y, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)  # 1x8x4x4
        d = self.deconv(y)                                                  # 1x4x8x8
        z = torch.where(d > 0, d, torch.exp(d) - 1)
        n = F.interpolate(z, scale_factor=2.0, mode="nearest")              # 1x4x16x16
        c = F.interpolate(z, size=(5, 7), mode="bicubic", align_corners=True)  # 1x4x5x7
        v = self.bn3d(self.conv3d(x.reshape(1, 2, 2, 8, 8)))                # 1x3x2x8x8
        s = v.sum(dim=2).flatten(2)                                         # 1x3x64
        att = torch.softmax(torch.matmul(s, s.transpose(1, 2)) / 8.0, dim=-1)  # 1x3x3
        top_v, top_i = torch.topk(z.flatten(1), 5, dim=1)                   # 1x5 (z has no ties)
        g = torch.index_select(c, 3, torch.tensor([6, 0, 3]))               # 1x4x5x3
        p = self.proj(g.permute(0, 2, 1, 3).reshape(1, 5, 12)[:, :, 2:8])   # 1x5x6
        q = torch.pow(torch.abs(p) + 1, 1.5) - torch.maximum(p, torch.zeros(1))
        return {"n": n, "c": c, "att": att, "top_v": top_v, "top_i": top_i.int(), "q": q}


def randomize_batch_norm(bn):
    with torch.no_grad():
        n = bn.num_features
        bn.running_mean.copy_(torch.randn(n) * 0.1)
        bn.running_var.copy_(torch.rand(n) + 0.5)
        bn.weight.copy_(torch.rand(n) + 0.5)
        bn.bias.copy_(torch.randn(n) * 0.1)


def write_wts(path, state):
    with open(path, "w") as f:
        f.write("%d\n" % len(state))
        for name, tensor in state.items():
            values = tensor.reshape(-1).float().numpy()
            f.write("%s %d" % (name, values.size))
            for v in values:
                f.write(" " + struct.pack(">f", float(v)).hex())
            f.write("\n")


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    model = Tiny()
    randomize_batch_norm(model.stem[1])
    model.eval()
    x = torch.randn(1, 3, 8, 10)
    with torch.no_grad():
        out, logits = model(x)
    write_wts(os.path.join(out_dir, "tiny.wts"), model.state_dict())
    np.savez_compressed(os.path.join(out_dir, "tiny.npz"), x=x.numpy().astype(np.float32),
                        out=out.numpy().astype(np.float32), logits=logits.numpy().astype(np.float32))

    torch.manual_seed(1)
    mixed = Mixed()
    randomize_batch_norm(mixed.bn3d)
    mixed.eval()
    x = torch.randn(1, 4, 8, 8)
    with torch.no_grad():
        outputs = mixed(x)
    write_wts(os.path.join(out_dir, "mixed.wts"), mixed.state_dict())
    arrays = {k: v.numpy() for k, v in outputs.items()}
    arrays["x"] = x.numpy()
    np.savez_compressed(os.path.join(out_dir, "mixed.npz"),
                        **{k: v.astype(np.int32 if v.dtype == np.int32 else np.float32) for k, v in arrays.items()})


if __name__ == "__main__":
    main()
