"""PyTorch timings for the cases of org.trt4j.plugins.bench.PluginBench, on the GPU.

Usage: bench_plugins_torch.py [--iterations 50] [--out FILE]     (needs torch with CUDA; torch 1.13 and 2.x)

grid_sample at MVS sizes (1x32x128x160 input, 1x(48*128)x160x2 grid; bilinear, zeros, align_corners=True) in FP32
and FP16, and torch.linalg.inv on 1M 4x4 and 64K 8x8 FP32 matrices. Each figure is the median (and minimum) of
CUDA-event times over the iterations, after warm-up; inputs stay on the GPU.
"""
import argparse
import math

import torch
import torch.nn.functional as F

C, H, W, DEPTHS = 32, 128, 160, 48


def homography_grid(depths, h, w):
    """The same warp as BenchData.homographyGrid in Java (values need not match bit for bit: only timing)."""
    angle = 0.05
    cos, sin, focal = math.cos(angle), math.sin(angle), 0.8 * w
    ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float64), torch.arange(w, dtype=torch.float64), indexing="ij")
    rx, ry = (xs - w / 2.0) / focal, (ys - h / 2.0) / focal
    planes = []
    for d in range(depths):
        depth = 2.0 + 0.1 * d
        px = cos * rx + sin + 0.3 / depth
        pz = -sin * rx + cos + 0.05 / depth
        py = ry - 0.1 / depth
        u = focal * px / pz + w / 2.0
        v = focal * py / pz + h / 2.0
        planes.append(torch.stack((u / ((w - 1) / 2.0) - 1, v / ((h - 1) / 2.0) - 1), dim=-1))
    return torch.cat(planes, dim=0).unsqueeze(0).float()


def time_ms(fn, iterations):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(iterations):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    times.sort()
    return times[len(times) // 2], times[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--out")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        raise SystemExit("bench_plugins_torch.py needs a CUDA GPU")
    torch.manual_seed(0)
    dev = torch.device("cuda")
    rows = ["| case | PyTorch op | precision | median ms | min ms |", "|---|---|---|---|---|"]
    x = torch.randn(1, C, H, W, device=dev)
    grid = homography_grid(DEPTHS, H, W).to(dev)
    case = "grid sample 1x%dx%dx%d, grid 1x%dx%dx2" % (C, H, W, DEPTHS * H, W)
    for dtype, name in ((torch.float32, "FP32"), (torch.float16, "FP16")):
        xd, gd = x.to(dtype), grid.to(dtype)
        with torch.no_grad():
            med, low = time_ms(lambda: F.grid_sample(xd, gd, mode="bilinear", padding_mode="zeros", align_corners=True),
                               args.iterations)
        rows.append("| %s | F.grid_sample | %s | %.3f | %.3f |" % (case, name, med, low))
    for batch, n in ((1 << 20, 4), (1 << 16, 8)):
        a = torch.randn(batch, n, n, device=dev) / math.sqrt(n) + 2 * torch.eye(n, device=dev)
        med, low = time_ms(lambda: torch.linalg.inv(a), args.iterations)
        label = "1M" if batch == 1 << 20 else "64K"
        rows.append("| inverse of %s %dx%d | torch.linalg.inv | FP32 | %.3f | %.3f |" % (label, n, n, med, low))
    table = "\n".join(rows) + "\n"
    print(table, end="")
    if args.out:
        with open(args.out, "w") as f:
            f.write(table)


if __name__ == "__main__":
    main()
