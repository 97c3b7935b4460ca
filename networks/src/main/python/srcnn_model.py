"""SRCNN as in the mmdeploy tutorial (SuperResolutionNet), shared by the training and reference scripts.

Input and output: NCHW float RGB in [0, 1]. The bicubic pre-upsampling is part of the network, so the low-resolution
image goes in and the upscaled image comes out. State-dict keys: conv1|conv2|conv3 .weight/.bias.
"""
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F


class SuperResolutionNet(nn.Module):
    def __init__(self, upscale_factor=3):
        super().__init__()
        self.upscale_factor = upscale_factor
        self.conv1 = nn.Conv2d(3, 64, kernel_size=9, padding=4)
        self.conv2 = nn.Conv2d(64, 32, kernel_size=1, padding=0)
        self.conv3 = nn.Conv2d(32, 3, kernel_size=5, padding=2)
        self.relu = nn.ReLU()

    def forward(self, x):
        # PyTorch's bicubic uses the cubic coefficient -0.75 (as TensorRT's CUBIC resize does)
        x = F.interpolate(x, scale_factor=self.upscale_factor, mode="bicubic", align_corners=False)
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        return self.conv3(x)


def write_wts(state_dict, path):
    """tensorrtx .wts: first line the tensor count, then `name count hex...` with big-endian float32 hex words."""
    with open(path, "w") as f:
        f.write("{}\n".format(len(state_dict)))
        for name, tensor in state_dict.items():
            values = tensor.detach().reshape(-1).cpu().float().tolist()
            f.write("{} {}".format(name, len(values)))
            for v in values:
                f.write(" " + struct.pack(">f", v).hex())
            f.write("\n")


def read_wts(path):
    """Reads a .wts into a name -> flat float32 tensor dict (key order kept)."""
    tensors = {}
    with open(path) as f:
        count = int(f.readline())
        for _ in range(count):
            parts = f.readline().split()
            name, n = parts[0], int(parts[1])
            data = bytes.fromhex("".join(parts[2:2 + n]))
            tensors[name] = torch.tensor(struct.unpack(">{}f".format(n), data), dtype=torch.float32)
    return tensors


def load_wts_into(model, path):
    flat = read_wts(path)
    state = model.state_dict()
    missing = [k for k in state if k not in flat]
    unexpected = [k for k in flat if k not in state]
    if missing or unexpected:
        raise SystemExit("{}: missing keys {} unexpected keys {}".format(path, missing, unexpected))
    model.load_state_dict({k: flat[k].reshape(state[k].shape) for k in state})
    return model
