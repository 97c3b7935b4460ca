"""Goldens for the trt4j plugins: torch.nn.functional.grid_sample and torch.linalg.inv.

Usage: make_plugin_goldens.py OUTDIR       (torch, numpy; seeded, deterministic on CPU; torch 1.13 and 2.x)

Writes into OUTDIR:
  grid_sample_{bilinear|nearest}_{zeros|border|reflection}_ac{0|1}.npz   input [2,3,5,7], grid [2,4,6,2], output
      grids reach well outside [-1, 1] (reflection flips several times); nearest grids are multiples of 1/32 so the
      source coordinates are exact in float32 and many fall on .5 ties (rounded half to even)
  grid_sample_mvs.npz   MVS homography warping: input [B,C,H,W], grid [B,D*H,W,2] -> output [B,C,D*H,W]
      (bilinear, zeros, align_corners=True), plus proj [B,4,4] and proj_inv = inverse(proj)
  inverse_n{N}.npz      input [3,N,N] well conditioned, output inverse; inverse_4x4.npz has batch [2,3,4,4]
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

MODES = ["bilinear", "nearest"]
PADDINGS = ["zeros", "border", "reflection"]


def save(outdir, name, **arrays):
    path = os.path.join(outdir, name + ".npz")
    np.savez_compressed(path, **{k: np.ascontiguousarray(v.detach().numpy() if torch.is_tensor(v) else v)
                                 for k, v in arrays.items()})


def grid_sample_cases(outdir, gen):
    for mode in MODES:
        for padding in PADDINGS:
            for align in (False, True):
                x = torch.randn(2, 3, 5, 7, generator=gen)
                grid = torch.rand(2, 4, 6, 2, generator=gen) * 5.0 - 2.5
                if mode == "nearest":
                    grid = torch.round(grid * 32.0) / 32.0
                out = F.grid_sample(x, grid, mode=mode, padding_mode=padding, align_corners=align)
                save(outdir, "grid_sample_%s_%s_ac%d" % (mode, padding, int(align)),
                     input=x, grid=grid, output=out)


def mvs_case(outdir, gen):
    """Warps a source feature map into D fronto-parallel depth planes of a reference view, as MVSNet does."""
    b, c, h, w, d = 1, 4, 8, 10, 3
    src = torch.randn(b, c, h, w, generator=gen)
    angle = 0.05
    rot = torch.tensor([[np.cos(angle), 0.0, np.sin(angle)], [0.0, 1.0, 0.0], [-np.sin(angle), 0.0, np.cos(angle)]],
                       dtype=torch.float32)
    intrinsics = torch.tensor([[8.0, 0.0, w / 2.0], [0.0, 8.0, h / 2.0], [0.0, 0.0, 1.0]])
    extrinsic = torch.eye(4)
    extrinsic[:3, :3] = rot
    extrinsic[:3, 3] = torch.tensor([0.3, -0.1, 0.05])
    proj = torch.eye(4)
    proj[:3, :4] = intrinsics @ extrinsic[:3, :4]
    proj = proj.unsqueeze(0).repeat(b, 1, 1)
    proj_inv = torch.inverse(proj)
    # src_proj @ inv(ref_proj) with the reference camera at the identity pose
    ref_proj = torch.eye(4)
    ref_proj[:3, :3] = intrinsics
    relative = proj @ torch.inverse(ref_proj).unsqueeze(0)
    rot_rel, trans_rel = relative[:, :3, :3], relative[:, :3, 3:4]
    ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    xyz = torch.stack((xs.reshape(-1), ys.reshape(-1), torch.ones(h * w)))  # [3, H*W]
    depths = torch.tensor([2.0, 3.0, 5.0]).view(1, d, 1, 1)
    rot_xyz = (rot_rel @ xyz).unsqueeze(1)  # [B, 1, 3, H*W]
    proj_xyz = rot_xyz * depths + trans_rel.view(b, 1, 3, 1)  # [B, D, 3, H*W]
    proj_xy = proj_xyz[:, :, :2, :] / proj_xyz[:, :, 2:3, :]
    gx = proj_xy[:, :, 0, :] / ((w - 1) / 2.0) - 1
    gy = proj_xy[:, :, 1, :] / ((h - 1) / 2.0) - 1
    grid = torch.stack((gx, gy), dim=3).reshape(b, d * h, w, 2)
    out = F.grid_sample(src, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
    save(outdir, "grid_sample_mvs", input=src, grid=grid, output=out, proj=proj, proj_inv=proj_inv)


def well_conditioned(gen, batch_shape, n):
    a = torch.randn(*batch_shape, n, n, generator=gen) / np.sqrt(n)
    return a + 2.0 * torch.eye(n)


def inverse_cases(outdir, gen):
    a = well_conditioned(gen, (2, 3), 4)
    save(outdir, "inverse_4x4", input=a, output=torch.linalg.inv(a))
    for n in (1, 2, 3, 5, 8, 17, 32):
        a = well_conditioned(gen, (3,), n)
        # Permute rows so partial pivoting has to swap.
        a = a[:, torch.randperm(n, generator=gen), :]
        save(outdir, "inverse_n%d" % n, input=a, output=torch.linalg.inv(a))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_plugin_goldens.py OUTDIR")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(20241123)
    grid_sample_cases(outdir, gen)
    mvs_case(outdir, gen)
    inverse_cases(outdir, gen)
    print("wrote plugin goldens to", outdir)


if __name__ == "__main__":
    main()
