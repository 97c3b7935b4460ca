"""Trains SRCNN (mmdeploy tutorial SuperResolutionNet) for x3 upscaling and writes its weights and a PSNR report.

    python3 train_srcnn.py OUTDIR [--minutes 4.5] [--quick]

Data: scikit-image's bundled sample photos (no download) plus matplotlib's grace_hopper.jpg when present; chelsea,
coffee and rocket are held out for evaluation. Training pairs: random high-resolution crops (random flips and
90-degree turns), the low-resolution input made from them by antialiased bicubic downsampling by 3, RGB in [0, 1].
The loop is time-bounded (--minutes). `--quick` runs a few steps (CPU is fine) and, where scikit-image is missing,
uses synthetic images so the script can be checked anywhere; its numbers mean nothing.

Writes into OUTDIR:
  srcnn_x3.wts          the weights (tensorrtx .wts, keys conv1|conv2|conv3 .weight/.bias)
  metrics.json          PSNR on the held-out photos, SRCNN vs plain bicubic (Y channel of BT.601 YCbCr, the usual
                        super-resolution measure, and RGB), both with a 3-pixel border shaved
  examples/chelsea.png  the held-out chelsea photo downsampled by 3: the README's upscale input
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from srcnn_model import SuperResolutionNet, write_wts  # noqa: E402

SCALE = 3
HELD_OUT = ("chelsea", "coffee", "rocket")
SKIMAGE_PHOTOS = ("astronaut", "chelsea", "coffee", "rocket", "hubble_deep_field", "immunohistochemistry", "retina",
                  "camera", "brick", "grass", "gravel", "coins", "moon", "clock", "cell", "text", "page")


def to_rgb_float(array):
    a = np.asarray(array)
    if a.dtype == np.bool_:
        return None  # binary masks (e.g. horse) teach nothing about photos
    a = a.astype(np.float32) / (255.0 if a.dtype == np.uint8 else (65535.0 if a.dtype == np.uint16 else 1.0))
    if a.ndim == 2:
        a = np.stack([a, a, a], axis=-1)
    if a.shape[-1] == 4:
        a = a[..., :3]
    return np.clip(a, 0.0, 1.0)


def load_photos():
    """name -> HxWx3 float32 in [0, 1]; empty when scikit-image is absent."""
    photos = {}
    try:
        import skimage.data as data
    except ImportError:
        return photos
    for name in SKIMAGE_PHOTOS:
        try:
            photos[name] = to_rgb_float(getattr(data, name)())
        except Exception as e:  # a photo that this scikit-image version lacks or would download
            print("skipping skimage.data.{}: {}".format(name, e))
    try:
        left, right, _ = data.stereo_motorcycle()
        photos["motorcycle_left"], photos["motorcycle_right"] = to_rgb_float(left), to_rgb_float(right)
    except Exception as e:
        print("skipping skimage.data.stereo_motorcycle: {}".format(e))
    try:
        import matplotlib.cbook
        import matplotlib.image
        path = matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
        photos["grace_hopper"] = to_rgb_float(matplotlib.image.imread(str(path)))
    except Exception as e:
        print("skipping matplotlib grace_hopper.jpg: {}".format(e))
    return {k: v for k, v in photos.items() if v is not None and min(v.shape[:2]) >= 64}


def synthetic_photos(rng):
    """Smooth gradients, sinusoid textures and hard-edged shapes: only for --quick runs without scikit-image."""
    photos = {}
    for i, name in enumerate(("synthetic_train_a", "synthetic_train_b", "synthetic_train_c", "chelsea", "coffee")):
        h, w = 240 + 30 * i, 300
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        img = np.zeros((h, w, 3), np.float32)
        for c in range(3):
            fy, fx = rng.uniform(0.02, 0.3, size=2)
            img[..., c] = 0.5 + 0.25 * np.sin(fy * yy + rng.uniform(0, 6)) * np.cos(fx * xx + rng.uniform(0, 6))
        for _ in range(12):
            cy, cx, r = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(8, 50)
            img[(yy - cy) ** 2 + (xx - cx) ** 2 < r * r] = rng.uniform(0, 1, size=3)
        photos[name] = np.clip(img, 0, 1)
    return photos


def to_tensor(photo, device):
    return torch.from_numpy(np.ascontiguousarray(photo.transpose(2, 0, 1))).unsqueeze(0).to(device)


def downsample(hr):
    """The degradation the network learns to undo: antialiased bicubic downsampling by SCALE."""
    h, w = hr.shape[-2] // SCALE, hr.shape[-1] // SCALE
    return F.interpolate(hr, size=(h, w), mode="bicubic", align_corners=False, antialias=True).clamp(0, 1)


def bicubic_upsample(lr):
    return F.interpolate(lr, scale_factor=SCALE, mode="bicubic", align_corners=False).clamp(0, 1)


def random_batch(train, batch, hr_patch, rng):
    crops = []
    for _ in range(batch):
        img = train[rng.randrange(len(train))]
        _, _, h, w = img.shape
        y, x = rng.randrange(h - hr_patch + 1), rng.randrange(w - hr_patch + 1)
        crop = img[:, :, y:y + hr_patch, x:x + hr_patch]
        if rng.random() < 0.5:
            crop = crop.flip(-1)
        crops.append(torch.rot90(crop, rng.randrange(4), dims=(2, 3)))
    hr = torch.cat(crops, 0)
    return downsample(hr), hr


def start_from_identity(model):
    """Three of the 64 feature paths start as a pass-through of the bicubic image, so training begins at bicubic
    quality and spends its short budget on detail instead of on relearning the identity (SRCNN has no skip
    connection). The other filters keep PyTorch's default initialisation; conv3 starts at zero on them
    (its gradient there is not zero, so they join in from the first step)."""
    with torch.no_grad():
        for conv, centre in ((model.conv1, 4), (model.conv2, 0), (model.conv3, 2)):
            conv.weight[:3].zero_()
            conv.bias[:3].zero_()
            for c in range(3):
                conv.weight[c, c, centre, centre] = 1.0


def psnr(a, b):
    mse = torch.mean((a - b) ** 2).item()
    return 10 * math.log10(1.0 / mse)


def luma(rgb):
    """BT.601 Y in [0, 1] (16..235 range scaled by 1/255), as super-resolution papers measure it."""
    r, g, b = rgb[:, 0], rgb[:, 1], rgb[:, 2]
    return (16.0 + 65.481 * r + 128.553 * g + 24.966 * b) / 255.0


def evaluate(model, held_out):
    rows = {}
    model.eval()
    with torch.no_grad():
        for name, hr in held_out.items():
            h, w = hr.shape[-2] // SCALE * SCALE, hr.shape[-1] // SCALE * SCALE
            hr = hr[:, :, :h, :w]
            lr = downsample(hr)
            shave = (slice(None), slice(None), slice(SCALE, -SCALE), slice(SCALE, -SCALE))
            bic = bicubic_upsample(lr)
            sr = model(lr).clamp(0, 1)
            rows[name] = {
                "size_hr": [h, w],
                "bicubic_psnr_y": psnr(luma(bic)[shave[1:]], luma(hr)[shave[1:]]),
                "srcnn_psnr_y": psnr(luma(sr)[shave[1:]], luma(hr)[shave[1:]]),
                "bicubic_psnr_rgb": psnr(bic[shave], hr[shave]),
                "srcnn_psnr_rgb": psnr(sr[shave], hr[shave]),
            }
    model.train()
    return rows


def save_png(hr_photo, path):
    lr = downsample(to_tensor(hr_photo, "cpu"))[0].permute(1, 2, 0).numpy()
    pixels = np.round(lr * 255.0).astype(np.uint8)
    try:
        from PIL import Image
        Image.fromarray(pixels).save(path)
    except ImportError:
        import torchvision.io
        torchvision.io.write_png(torch.from_numpy(pixels).permute(2, 0, 1).contiguous(), path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir")
    parser.add_argument("--minutes", type=float, default=4.5, help="training time budget (default 4.5)")
    parser.add_argument("--quick", action="store_true", help="a few steps only, to check the script")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr-patch", type=int, default=40, help="low-resolution crop side (default 40)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    os.makedirs(os.path.join(args.outdir, "examples"), exist_ok=True)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.backends.cudnn.benchmark = True  # fixed patch size: let cuDNN pick its fastest convolutions

    photos = load_photos()
    synthetic = not photos
    if synthetic:
        if not args.quick:
            raise SystemExit("scikit-image is not installed: real training needs its sample photos (use --quick "
                             "to check the script with synthetic images)")
        print("scikit-image missing: --quick run on synthetic images")
        photos = synthetic_photos(np.random.default_rng(args.seed))
    held_out_names = [n for n in HELD_OUT if n in photos]
    train_names = sorted(n for n in photos if n not in held_out_names)
    if not train_names or not held_out_names:
        raise SystemExit("need training and held-out photos, found {}".format(sorted(photos)))
    print("device {} | training on {} | held out {}".format(device, train_names, held_out_names))
    hr_patch = args.lr_patch * SCALE
    train_names = [n for n in train_names if min(photos[n].shape[:2]) >= hr_patch]
    train = [to_tensor(photos[n], device) for n in train_names]
    held_out = {n: to_tensor(photos[n], device) for n in held_out_names}

    model = SuperResolutionNet(SCALE)
    start_from_identity(model)
    model = model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    peak_lr, final_lr = 1e-3, 1e-5
    budget_s = 5.0 if args.quick else args.minutes * 60.0
    max_steps = 20 if args.quick else None
    batch = 4 if args.quick else args.batch

    start = time.time()
    step, last_log = 0, start
    while True:
        elapsed = time.time() - start
        if elapsed >= budget_s or (max_steps is not None and step >= max_steps):
            break
        # cosine decay over the time budget, since the step count is not known in advance
        frac = min(1.0, elapsed / budget_s)
        for group in optimizer.param_groups:
            group["lr"] = final_lr + 0.5 * (peak_lr - final_lr) * (1 + math.cos(math.pi * frac))
        lr_img, hr_img = random_batch(train, batch, hr_patch, rng)
        loss = F.mse_loss(model(lr_img), hr_img)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        step += 1
        if time.time() - last_log > 15 or step == 1:
            last_log = time.time()
            print("step {:6d}  {:5.0f}s  loss {:.5f}  train-psnr {:.2f} dB".format(
                step, last_log - start, loss.item(), 10 * math.log10(1 / max(loss.item(), 1e-12))))
    train_seconds = time.time() - start

    per_image = evaluate(model, held_out)
    mean = {k: sum(r[k] for r in per_image.values()) / len(per_image)
            for k in ("bicubic_psnr_y", "srcnn_psnr_y", "bicubic_psnr_rgb", "srcnn_psnr_rgb")}
    metrics = {
        "scale": SCALE,
        "psnr_note": "dB on held-out photos, low-res made by antialiased bicubic downsampling by 3; Y = BT.601 luma, "
                     "RGB = all channels; 3-pixel border shaved; outputs clipped to [0, 1]",
        "gain_db_y": mean["srcnn_psnr_y"] - mean["bicubic_psnr_y"],
        "gain_db_rgb": mean["srcnn_psnr_rgb"] - mean["bicubic_psnr_rgb"],
        "mean": mean,
        "per_image": per_image,
        "train_images": train_names,
        "held_out_images": held_out_names,
        "synthetic_data": synthetic,
        "steps": step,
        "batch": batch,
        "hr_patch": hr_patch,
        "train_seconds": round(train_seconds, 1),
        "device": torch.cuda.get_device_name(0) if device == "cuda" else "cpu",
        "torch": torch.__version__,
        "seed": args.seed,
    }
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    write_wts(state, os.path.join(args.outdir, "srcnn_x{}.wts".format(SCALE)))
    with open(os.path.join(args.outdir, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
    if "chelsea" in photos:
        save_png(photos["chelsea"], os.path.join(args.outdir, "examples", "chelsea.png"))
    print(json.dumps({k: metrics[k] for k in ("gain_db_y", "gain_db_rgb", "mean", "steps", "train_seconds")},
                     indent=2))


if __name__ == "__main__":
    main()
