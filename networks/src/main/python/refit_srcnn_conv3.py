"""Refits SRCNN's last layer (conv3, 5x5, 32 -> 3, and its bias) by weighted least squares over the training photos.

    python3 refit_srcnn_conv3.py CORPUS IN.wts OUT.wts --scale 3 [--eps 1e-5] [--ridge 1e-4] [--rounds 1] [--crop 288]
                                 [--bicubic-copies 1] [--seed 0] [--report METRICS.json]

conv3 is linear in conv2's (ReLU) features, so given conv1 and conv2 its best weights for a weighted squared error
are one linear solve: the normal equations over sampled pixels (features of the 5x5 window, plus 1 for the bias)
against the high-resolution pixel. The weights approximate train_srcnn.py's psnr loss (the mean over patches of
log(MSE + eps)): each pixel weighs 1 / (MSE of its neighbourhood under the current layer + eps), recomputed each
round (iteratively reweighted least squares), so near-flat regions, where any residual costs dB, count as much as
busy ones. Training photos and degradations as train_srcnn.py mixes them (the same split: every 10th training
photo is validation, never fitted on). Prints the validation mean and worst gain before and after, per round; the
held-out photos are read only with --report, which evaluates OUT.wts on them as train_srcnn.py does and writes its
metrics file format (the README's tables come from it). CPU is enough (about 5 minutes a round on 2 cores).
"""
import argparse
import glob
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_srcnn as T  # noqa: E402
from srcnn_model import SuperResolutionNet, load_wts_into, write_wts  # noqa: E402


def kinds(bicubic_copies):
    """train_srcnn.py's mix of degradations."""
    return ("area", "bicubic_aa") + ("bicubic",) * bicubic_copies + ("blur_random",) + ("jpeg_random",) * 2

MARGIN = T.LOSS_MARGIN
WINDOW = 33  # the neighbourhood whose MSE weighs a pixel (about a third of a training patch)


def features(model, lr):
    """conv2's ReLU output at high resolution (what conv3 reads), 1x32xHxW."""
    x = F.interpolate(lr, scale_factor=model.upscale_factor, mode="bicubic", align_corners=False)
    return model.relu(model.conv2(model.relu(model.conv1(x))))


def window_rows(feat, ys, xs):
    """The 5x5 windows of feat around (ys, xs) as rows of 32*25 values in conv3's weight order, plus a 1."""
    parts = [feat[0, :, ys + dy - 2, xs + dx - 2] for dy in range(5) for dx in range(5)]  # each 32 x N
    rows = torch.stack(parts, dim=1).reshape(32 * 25, -1)  # index c * 25 + ky * 5 + kx
    return torch.cat([rows, torch.ones(1, rows.shape[1])], 0).t()


def pairs(paths, scale, crop, seed, bicubic_copies):
    rng = random.Random(seed)
    for path in paths:
        hr_u8 = T.crop_to_multiple(T.load_rgb(path), scale)
        h, w = hr_u8.shape[-2:]
        size = min(crop, h, w) // scale * scale
        y0 = rng.randrange(0, h - size + 1) // scale * scale
        x0 = rng.randrange(0, w - size + 1) // scale * scale
        hr_u8 = hr_u8[..., y0:y0 + size, x0:x0 + size]
        for kind in kinds(bicubic_copies):
            yield hr_u8, T.degrade(hr_u8, scale, kind, rng)


def fit(model, train_paths, args):
    """One round: the normal equations under the current conv3's weighting, solved with a relative ridge."""
    gen = torch.Generator().manual_seed(args.seed)
    a = torch.zeros(801, 801, dtype=torch.float64)
    b = torch.zeros(801, 3, dtype=torch.float64)
    count = 0
    with torch.no_grad():
        for hr_u8, lr_u8 in pairs(train_paths, args.scale, args.crop, args.seed, args.bicubic_copies):
            hr = T.to_float(hr_u8).unsqueeze(0)
            feat = features(model, T.to_float(lr_u8).unsqueeze(0))
            err = (model.conv3(feat) - hr).pow(2).mean(1, keepdim=True)
            local = F.avg_pool2d(err, WINDOW, stride=1, padding=WINDOW // 2, count_include_pad=False)[0, 0]
            h, w = hr.shape[-2:]
            ys = torch.randint(MARGIN, h - MARGIN, (args.samples,), generator=gen)
            xs = torch.randint(MARGIN, w - MARGIN, (args.samples,), generator=gen)
            x = window_rows(feat, ys, xs)
            weight = 1.0 / (local[ys, xs] + args.eps)
            weight = weight / weight.mean()  # each pair weighs the same in total, as each patch does in training
            xw = x * weight[:, None]
            a += (xw.t() @ x).double()
            b += (xw.t() @ hr[0, :, ys, xs].t()).double()
            count += 1
    ridge = args.ridge * float(torch.diagonal(a).mean())
    beta = torch.linalg.solve(a + ridge * torch.eye(801, dtype=torch.float64), b).float()  # 801 x 3
    with torch.no_grad():
        model.conv3.weight.copy_(beta[:800].t().reshape(3, 32, 5, 5))
        model.conv3.bias.copy_(beta[800])
    return count


def summary(metrics):
    w = metrics["worst"]
    return "mean {:+.3f} worst {:+.3f} ({}, {})".format(metrics["mean_gain_db_y"], w["gain_db_y"], w["photo"], w["degradation"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("weights_in")
    parser.add_argument("weights_out")
    parser.add_argument("--scale", type=int, default=3)
    parser.add_argument("--ridge", type=float, default=1e-4, help="ridge, relative to the mean diagonal (default 1e-4)")
    parser.add_argument("--eps", type=float, default=1e-5, help="of the weighting 1 / (local MSE + eps) (default 1e-5)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--crop", type=int, default=288, help="high-resolution crop per training photo (default 288)")
    parser.add_argument("--samples", type=int, default=3000, help="sampled pixels per degraded pair (default 3000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bicubic-copies", type=int, default=1, help="as train_srcnn.py's (default 1)")
    parser.add_argument("--report", help="evaluate OUT.wts on the held-out photos and write this metrics file")
    parser.add_argument("--no-baseline", action="store_true", help="skip the validation of IN.wts (known already)")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    paths = sorted(glob.glob(os.path.join(args.corpus, "train", "*.jpg")))
    train = [p for i, p in enumerate(paths) if i % T.VALIDATION_EVERY != T.VALIDATION_EVERY - 1]
    validation = [(os.path.splitext(os.path.basename(p))[0], "validation", T.load_rgb(p))
                  for i, p in enumerate(paths) if i % T.VALIDATION_EVERY == T.VALIDATION_EVERY - 1]
    model = SuperResolutionNet(args.scale)
    load_wts_into(model, args.weights_in)
    model.eval()
    t = time.time()
    if not args.no_baseline:
        print("validation ({} photos) before: {}".format(len(validation), summary(T.evaluate(model, validation, args.scale, args.seed))),
              flush=True)
    for r in range(args.rounds):
        n = fit(model, train, args)
        checked = T.evaluate(model, validation, args.scale, args.seed)
        print("round {}: {} pairs, validation {} ({:.0f} s)".format(r + 1, n, summary(checked), time.time() - t), flush=True)
    write_wts(model.state_dict(), args.weights_out)
    print("wrote", args.weights_out)
    if args.report:
        report(model, args, checked, validation, time.time() - t)


def report(model, args, checked, validation, seconds):
    """train_srcnn.py's metrics file for OUT.wts: held-out per photo, validation, and how the refit was made."""
    manifest_path = os.path.join(args.corpus, "srcnn_corpus.json")
    manifest = {}
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            manifest = {p["name"]: p for p in json.load(f)["photos"]}
    held_out = []
    for p in sorted(glob.glob(os.path.join(args.corpus, "heldout", "*.png"))):
        name = os.path.splitext(os.path.basename(p))[0]
        held_out.append((name, manifest.get(name, {}).get("category", "?"), T.load_rgb(p)))
    metrics = T.evaluate(model, held_out, args.scale, args.seed)
    metrics.update({
        "scale": args.scale,
        "psnr_note": "as train_srcnn.py: dB, Y of BT.601 (16-235), scale-pixel border shaved, outputs clipped and rounded to 8 bits; "
                     "gain = SRCNN - the network's own bicubic upsampling",
        "degradations": list(T.EVAL_DEGRADATIONS),
        "validation": {"photos": [v[0] for v in validation], "mean_gain_db_y": checked["mean_gain_db_y"], "worst": checked["worst"]},
        "training": {"steps": "conv3 refit", "seconds": round(seconds), "batch": "-", "from": os.path.basename(args.weights_in),
                     "refit": "weighted least squares of conv3, weight 1/(MSE over {0}x{0} + {1:g}), ridge {2:g}, {3} round(s), "
                              "{4} pixels per pair, {5}x{5} crops, {6} x bicubic, seed {7}".format(
                                  WINDOW, args.eps, args.ridge, args.rounds, args.samples, args.crop, args.bicubic_copies, args.seed),
                     "device": "cpu", "torch": torch.__version__},
    })
    with open(args.report, "w") as f:
        json.dump(metrics, f, indent=1)
    print("held-out: {}; wrote {}".format(summary(metrics), args.report))


if __name__ == "__main__":
    main()
