"""Goldens for the runtime's network test: a tiny conv-bn-relu-pool-resize-concat network in PyTorch, its seeded
weights as a .wts file (tensorrtx text format) and input/outputs as .npz.

usage: make_network_goldens.py OUTDIR   (writes OUTDIR/tiny.wts and OUTDIR/tiny.npz)
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
    with torch.no_grad():
        bn = model.stem[1]
        bn.running_mean.copy_(torch.randn(8) * 0.1)
        bn.running_var.copy_(torch.rand(8) + 0.5)
        bn.weight.copy_(torch.rand(8) + 0.5)
        bn.bias.copy_(torch.randn(8) * 0.1)
    model.eval()
    x = torch.randn(1, 3, 8, 10)
    with torch.no_grad():
        out, logits = model(x)
    write_wts(os.path.join(out_dir, "tiny.wts"), model.state_dict())
    np.savez_compressed(os.path.join(out_dir, "tiny.npz"), x=x.numpy().astype(np.float32),
                        out=out.numpy().astype(np.float32), logits=logits.numpy().astype(np.float32))


if __name__ == "__main__":
    main()
