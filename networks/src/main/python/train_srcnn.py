"""Trains SRCNN (mmdeploy tutorial SuperResolutionNet) for x2, x3 and x4 on a photo corpus with mixed degradations.

    python3 train_srcnn.py CORPUS OUTDIR [--scales 2,3,4] [--seconds 100] [--seed 0] [--quick]

CORPUS is what stage_srcnn_corpus.py writes (train/*.jpg, heldout/*.png; manifest srcnn_corpus.json). One model per
scale, trained for --seconds of wall-clock time each (the loop is time-bounded, so the step count depends on the GPU;
it is reported). `--quick` runs a few steps on a few photos (CPU is fine) to check the script; its numbers mean nothing.

Low-resolution inputs are made as a user's images are, mixed during training (one bank of degraded copies of every
training photo per scale, quantized to 8 bits like an image file):
  area        box averaging over scale x scale blocks (what most image editors' "shrink" does)
  bicubic_aa  antialiased bicubic (PIL/Pillow-style resize)
  bicubic     plain bicubic, no antialiasing (aliased, as naive resizers and video scalers give)
  blur        mild Gaussian blur (sigma 0.5-1.2 HR pixels; 1.0 in the evaluation) then antialiased bicubic
  jpeg        one of the above then JPEG at quality 75-95 (75 and 90 in the evaluation)
The network starts as the identity over its own bicubic upsampling (pass-through channels: inputs are in [0, 1], a
+0.5 offset keeps bicubic overshoot above the ReLUs' zero) and learns the residual; so it starts exactly at the
bicubic baseline instead of far below it.

Writes into OUTDIR, per scale s: srcnn_x{s}.wts (tensorrtx .wts, keys conv1|conv2|conv3 .weight/.bias) and
srcnn_x{s}_metrics.json: PSNR (Y of BT.601, border of s pixels shaved, outputs clipped and rounded to 8 bits) of
SRCNN and of the network's own bicubic upsampling against every held-out photo under every degradation, the gains,
their means and the worst case, and how the model was trained (steps, seconds, device).
"""
import argparse
import glob
import io
import json
import math
import os
import platform
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from srcnn_model import SuperResolutionNet, load_wts_into, write_wts  # noqa: E402

EVAL_DEGRADATIONS = ("area", "bicubic_aa", "bicubic", "blur", "jpeg75", "jpeg90")
HR_PATCH = 96  # divisible by 2, 3 and 4
WARMUP_STEPS = 1000
POOL_PATCHES_PER_PAIR = 128  # ~150k patch pairs per scale (4 GB of uint8 at x2 on the device)
POOL_REFRESH_STEPS = 20000  # new patch places every so often
VALIDATION_EVERY = 10
LOSS_MARGIN = 8  # HR pixels at each patch edge left out of the loss: zero padding there is not what whole images see


def load_rgb(path):
    from PIL import Image
    with Image.open(path) as image:
        return torch.from_numpy(np.asarray(image.convert("RGB"), dtype=np.uint8).copy()).permute(2, 0, 1)


def to_float(u8):
    return u8.float().div_(255.0)


def to_u8(x):
    return x.clamp(0, 1).mul(255.0).round().to(torch.uint8)


def crop_to_multiple(hr, scale):
    h, w = hr.shape[-2] // scale * scale, hr.shape[-1] // scale * scale
    return hr[..., :h, :w]


def gaussian_blur(x, sigma):
    radius = max(1, int(math.ceil(3 * sigma)))
    t = torch.arange(-radius, radius + 1, dtype=x.dtype, device=x.device)
    k = torch.exp(-0.5 * (t / sigma) ** 2)
    k = k / k.sum()
    c = x.shape[1]
    x = F.pad(x, (radius, radius, radius, radius), mode="reflect")
    x = F.conv2d(x, k.view(1, 1, 1, -1).repeat(c, 1, 1, 1), groups=c)
    return F.conv2d(x, k.view(1, 1, -1, 1).repeat(c, 1, 1, 1), groups=c)


def downsample(hr, scale, kind):
    """hr: 1x3xHxW float in [0, 1], H and W multiples of scale -> 1x3x(H/s)x(W/s) float (not yet quantized)."""
    size = (hr.shape[-2] // scale, hr.shape[-1] // scale)
    if kind == "area":
        return F.avg_pool2d(hr, scale)
    if kind == "bicubic_aa":
        return F.interpolate(hr, size=size, mode="bicubic", align_corners=False, antialias=True)
    if kind == "bicubic":
        return F.interpolate(hr, size=size, mode="bicubic", align_corners=False, antialias=False)
    raise ValueError(kind)


def jpeg(lr_u8, quality):
    """3xHxW uint8 -> the same after a JPEG round trip (4:2:0, as cameras and web images are)."""
    try:
        from PIL import Image
        buffer = io.BytesIO()
        Image.fromarray(lr_u8.permute(1, 2, 0).cpu().numpy()).save(buffer, format="JPEG", quality=quality)
        buffer.seek(0)
        return load_rgb(buffer).to(lr_u8.device)
    except ImportError:
        import torchvision.io
        data = torchvision.io.encode_jpeg(lr_u8.cpu(), quality=quality)
        return torchvision.io.decode_jpeg(data).to(lr_u8.device)


def degrade(hr_u8, scale, kind, rng):
    """The low-resolution 3xhxw uint8 image for one degradation kind; rng draws the random parameters."""
    hr = to_float(hr_u8).unsqueeze(0)
    if kind == "blur" or kind.startswith("blur"):
        sigma = rng.uniform(0.5, 1.2) if kind == "blur_random" else 1.0
        return to_u8(downsample(gaussian_blur(hr, sigma), scale, "bicubic_aa"))[0]
    if kind.startswith("jpeg"):
        quality = rng.randint(75, 95) if kind == "jpeg_random" else int(kind[4:])
        base = rng.choice(("area", "bicubic_aa", "bicubic", "blur_random")) if kind == "jpeg_random" else "bicubic_aa"
        return jpeg(degrade(hr_u8, scale, base, rng), quality)
    return to_u8(downsample(hr, scale, kind))[0]


def degraded_bank(train, scale, rng, bicubic_copies=1, jpeg_copies=2, only=None):
    """[(hr uint8, lr uint8)] with every training photo under every degradation kind (JPEG twice: it varies most;
    plain bicubic bicubic_copies times: it is where sharpening hurts, so more of it weighs it more in the loss).
    only: one kind alone instead of the mix (a single-degradation model, to see what the network can do at best)."""
    kinds = ("area", "bicubic_aa") + ("bicubic",) * bicubic_copies + ("blur_random",) + ("jpeg_random",) * jpeg_copies
    if only:
        kinds = (only,) * len(kinds)
    bank = []
    for hr in train:
        hr = crop_to_multiple(hr, scale)
        if min(hr.shape[-2:]) < HR_PATCH:
            continue
        for kind in kinds:
            bank.append((hr, degrade(hr, scale, kind, rng)))
    return bank


def patch_pool(bank, scale, per_pair, gen, device):
    """Aligned HR/LR uint8 patch pairs cut at random places from every bank pair, kept on the device, so that a
    training step is a few indexing kernels instead of a Python loop over the batch (which bounded the GPU runs)."""
    lr_patch = HR_PATCH // scale
    los, his = [], []
    for hr, lr in bank:
        ys = torch.randint(lr.shape[-2] - lr_patch + 1, (per_pair,), generator=gen).tolist()
        xs = torch.randint(lr.shape[-1] - lr_patch + 1, (per_pair,), generator=gen).tolist()
        for y, x in zip(ys, xs):
            los.append(lr[:, y:y + lr_patch, x:x + lr_patch])
            his.append(hr[:, y * scale:(y + lr_patch) * scale, x * scale:(x + lr_patch) * scale])
    return torch.stack(los).to(device), torch.stack(his).to(device)


def random_batch(pool, batch, gen):
    """A batch from the pool with one random flip and 90-degree turn for the whole batch, as float in [0, 1]."""
    los, his = pool
    picks = torch.randint(los.shape[0], (batch,), generator=gen).to(los.device)
    lo, hi = los[picks], his[picks]
    turns, flip = int(torch.randint(4, (1,), generator=gen)), bool(torch.randint(2, (1,), generator=gen))
    if flip:
        lo, hi = lo.flip(-1), hi.flip(-1)
    return to_float(torch.rot90(lo, turns, (-2, -1))), to_float(torch.rot90(hi, turns, (-2, -1)))


def patch_loss(out, hi, kind, eps):
    """mse: plain MSE over the batch. psnr: the mean over patches of log(MSE + eps), i.e. the mean PSNR the
    evaluation reports; it weighs a flat patch (where bicubic is already near perfect and any residual shows) as much
    as a textured one, where plain MSE lets the textured patches decide everything."""
    if kind == "mse":
        return F.mse_loss(out, hi)
    per_patch = ((out - hi) ** 2).mean(dim=(1, 2, 3))
    return torch.log(per_patch + eps).mean()


def start_from_identity(model, offset=0.5):
    """Channels 0-2 of conv1 and conv2 carry the bicubic image (plus offset, so it stays above zero through the
    ReLUs) and conv3 takes it back out; the other channels start small, so the output starts as the bicubic image."""
    with torch.no_grad():
        for conv in (model.conv1, model.conv2, model.conv3):
            conv.weight.mul_(0.1)
            conv.bias.zero_()
        model.conv3.weight.mul_(0.01)
        for c in range(3):
            model.conv1.weight[c].zero_()
            model.conv1.weight[c, c, 4, 4] = 1.0
            model.conv1.bias[c] = offset
            model.conv2.weight[c].zero_()
            model.conv2.weight[c, c, 0, 0] = 1.0
            model.conv2.weight[3:, c].zero_()
            model.conv3.weight[:, c].zero_()
            model.conv3.weight[c, c, 2, 2] = 1.0
            model.conv3.bias[c] = -offset
    return model


def set_tf32(enabled):
    """TF32 speeds up training several times; evaluation runs in full FP32, as the shipped weights are used."""
    torch.backends.cuda.matmul.allow_tf32 = enabled
    torch.backends.cudnn.allow_tf32 = enabled


def luma(rgb):
    """BT.601 Y in [0, 1] (studio range 16-235 scaled by 255, the usual super-resolution measure)."""
    r, g, b = rgb[:, 0], rgb[:, 1], rgb[:, 2]
    return (16.0 + 65.481 * r + 128.553 * g + 24.966 * b) / 255.0


def psnr_y(out, hr, scale):
    a, b = luma(out)[..., scale:-scale, scale:-scale], luma(hr)[..., scale:-scale, scale:-scale]
    mse = float(torch.mean((a - b) ** 2))
    return 10.0 * math.log10(1.0 / max(mse, 1e-12))


def evaluate(model, held_out, scale, seed):
    """Per photo and degradation: bicubic and SRCNN PSNR (Y) and the gain; outputs rounded to 8 bits like a file."""
    model.eval()
    per_photo = {}
    with torch.no_grad():
        for index, (name, category, hr_u8) in enumerate(held_out):
            hr_u8 = crop_to_multiple(hr_u8, scale)
            hr = to_float(hr_u8).unsqueeze(0)
            rows = {}
            for kind in EVAL_DEGRADATIONS:
                rng = random.Random(seed * 1000 + index)
                lr = to_float(degrade(hr_u8, scale, kind, rng)).unsqueeze(0)
                bicubic = to_float(to_u8(F.interpolate(lr, scale_factor=scale, mode="bicubic", align_corners=False)))
                srcnn = to_float(to_u8(model(lr)))
                b, s = psnr_y(bicubic, hr, scale), psnr_y(srcnn, hr, scale)
                rows[kind] = {"bicubic_psnr_y": round(b, 3), "srcnn_psnr_y": round(s, 3), "gain_db_y": round(s - b, 3)}
            per_photo[name] = {"category": category, "size_hr": list(hr_u8.shape[-2:]), "degradations": rows}
    model.train()
    gains = [(r["gain_db_y"], name, kind) for name, p in per_photo.items() for kind, r in p["degradations"].items()]
    worst = min(gains)
    return {
        "mean_gain_db_y": round(sum(g for g, _, _ in gains) / len(gains), 3),
        "mean_gain_db_y_per_degradation": {k: round(float(np.mean([p["degradations"][k]["gain_db_y"]
                                                                     for p in per_photo.values()])), 3)
                                           for k in EVAL_DEGRADATIONS},
        "worst": {"gain_db_y": worst[0], "photo": worst[1], "degradation": worst[2]},
        "per_photo": per_photo,
    }


def train_one_scale(scale, train, validation, held_out, args, device):
    rng = random.Random(args.seed * 100 + scale)
    gen = torch.Generator().manual_seed(args.seed * 100 + scale)
    torch.manual_seed(args.seed * 100 + scale)
    started = time.time()
    bank = degraded_bank(train, scale, rng, args.bicubic_copies, only=args.only)
    print("x{}: {} degraded pairs in {:.1f} s".format(scale, len(bank), time.time() - started), flush=True)
    pool_gen = torch.Generator().manual_seed(args.seed * 100 + scale + 1)
    per_pair = 2 if args.quick else POOL_PATCHES_PER_PAIR
    pool = patch_pool(bank, scale, per_pair, pool_gen, device)
    print("x{}: {} patches in the pool".format(scale, pool[0].shape[0]), flush=True)
    if args.init:  # go on from earlier weights of this scale (the shipped ones: 9 400 steps) instead of the identity
        init = args.init.format(scale=scale)
        model = SuperResolutionNet(upscale_factor=scale)
        load_wts_into(model, init)
        model = model.to(device)
        print("x{}: starting from {}".format(scale, init), flush=True)
    else:
        model = start_from_identity(SuperResolutionNet(upscale_factor=scale)).to(device)
    before = evaluate(model, held_out, scale, args.seed)
    print("x{}: at the start ({}) mean gain {:+.3f} dB, worst {}".format(
        scale, "from " + os.path.basename(args.init.format(scale=scale)) if args.init else "identity",
        before["mean_gain_db_y"], before["worst"]), flush=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    # --amp: FP16 convolutions on the tensor cores, FP32 weights and loss, the loss scaled against FP16 underflow
    # (CUDA only; the image the pass-through channels carry keeps ~0.1 of an 8-bit level in FP16)
    amp = args.amp and device.type == "cuda"
    scaler = torch.cuda.amp.GradScaler(enabled=amp)
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
    budget = 3.0 if args.quick else args.seconds
    steps, t0, m = 0, time.time(), LOSS_MARGIN
    while True:
        elapsed = time.time() - t0
        if elapsed >= budget or (args.quick and steps >= 20):
            break
        # linear warm-up (Adam's first, sign-like steps would knock the identity start far below bicubic), then
        # cosine decay to 0 over the time budget
        warm = min(1.0, (steps + 1) / WARMUP_STEPS)
        for group in optimizer.param_groups:
            group["lr"] = args.lr * warm * 0.5 * (1.0 + math.cos(math.pi * min(1.0, elapsed / budget)))
        if steps and steps % POOL_REFRESH_STEPS == 0:
            pool = patch_pool(bank, scale, per_pair, pool_gen, device)
        lo, hi = random_batch(pool, args.batch, gen)
        if args.channels_last:
            lo = lo.contiguous(memory_format=torch.channels_last)
        set_tf32(True)
        with torch.autocast("cuda", dtype=torch.float16, enabled=amp):  # enabled only on CUDA (amp above)
            out = model(lo)
        loss = patch_loss(out.float()[..., m:-m, m:-m], hi[..., m:-m, m:-m], args.loss, args.loss_eps)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        steps += 1
        if steps % 2000 == 0:
            print("x{}: step {} loss {:.6f} {:.0f} s".format(scale, steps, float(loss), time.time() - t0), flush=True)
    seconds = time.time() - t0
    set_tf32(False)
    metrics = evaluate(model, held_out, scale, args.seed)
    checked = evaluate(model, validation, scale, args.seed + 1)
    metrics.update({
        "scale": scale,
        "psnr_note": "dB, Y of BT.601 (16-235), {0}-pixel border shaved, outputs clipped and rounded to 8 bits; "
                     "bicubic = the network's own bicubic upsampling (PyTorch, align_corners=False) of the same "
                     "low-resolution input; gain = SRCNN - bicubic".format(scale),
        "degradations": {
            "area": "box average over {0}x{0} blocks".format(scale),
            "bicubic_aa": "antialiased bicubic downsampling",
            "bicubic": "plain (aliased) bicubic downsampling",
            "blur": "Gaussian blur sigma 1.0 HR pixels, then antialiased bicubic",
            "jpeg75": "antialiased bicubic, then JPEG quality 75",
            "jpeg90": "antialiased bicubic, then JPEG quality 90"},
        "identity_start_mean_gain_db_y": before["mean_gain_db_y"] if not args.init else None,
        "start": {"weights": os.path.basename(args.init.format(scale=scale)) if args.init else "identity",
                  "mean_gain_db_y": before["mean_gain_db_y"], "worst": before["worst"]},
        "validation": {"photos": [name for name, _, _ in validation], "mean_gain_db_y": checked["mean_gain_db_y"],
                       "worst": checked["worst"],
                       "note": "training photos left out of training, for choosing between runs without looking "
                               "at the held-out set"},
        "training": {
            "steps": steps, "seconds": round(seconds, 1), "batch": args.batch, "hr_patch": HR_PATCH,
            "optimizer": "Adam lr {}, linear warm-up over {} steps, cosine to 0 over the time budget; {} "
                         "convolutions in training{}, FP32 in evaluation".format(
                             args.lr, WARMUP_STEPS, "FP16 (autocast, loss scaled)" if amp else "TF32",
                             ", channels last" if args.channels_last else ""),
            "loss": {"mse": "MSE on RGB", "psnr": "mean over patches of log(MSE on RGB + {})".format(args.loss_eps)}[
                args.loss],
            "seed": args.seed, "train_photos": len(train), "degraded_pairs": len(bank),
            "train_degradations": "{} only".format(args.only) if args.only else
                                  "area, bicubic_aa, {} x bicubic, blur sigma U(0.5,1.2) + bicubic_aa, 2 x JPEG q "
                                  "U(75,95) over a random one of those".format(args.bicubic_copies),
            "device": torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor() or "cpu",
            "torch": torch.__version__, "quick": args.quick},
    })
    print("x{}: {} steps in {:.0f} s, mean gain {:+.3f} dB, per degradation {}, worst {}; validation mean {:+.3f} dB, "
          "worst {}".format(scale, steps, seconds, metrics["mean_gain_db_y"], metrics["mean_gain_db_y_per_degradation"],
                            metrics["worst"], checked["mean_gain_db_y"], checked["worst"]), flush=True)
    return model, metrics


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("outdir")
    parser.add_argument("--scales", default="2,3,4")
    parser.add_argument("--seconds", type=float, default=100.0, help="training time per scale (default 100)")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--loss", choices=("psnr", "mse"), default="psnr")
    parser.add_argument("--loss-eps", type=float, default=1e-6, help="eps of the psnr loss (default 1e-6: 60 dB)")
    parser.add_argument("--bicubic-copies", type=int, default=1,
                        help="plain-bicubic copies of every training photo in the bank (default 1; 3 weighs it 3x)")
    parser.add_argument("--only", choices=("area", "bicubic_aa", "bicubic", "blur_random", "jpeg_random"),
                        help="train on this degradation alone (not for shipping: the single-degradation upper bound)")
    parser.add_argument("--amp", action="store_true", help="FP16 autocast with a loss scaler in training (CUDA only)")
    parser.add_argument("--channels-last", action="store_true", help="NHWC memory format in training")
    parser.add_argument("--init", help="start from these .wts instead of the identity; {scale} in the path is the scale "
                                       "(e.g. networks/src/main/resources/org/trt4j/networks/srcnn/srcnn_x{scale}.wts)")
    parser.add_argument("--quick", action="store_true", help="a few steps on a few photos, to check the script")
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cudnn.benchmark = True
    train_paths = sorted(glob.glob(os.path.join(args.corpus, "train", "*.jpg")))
    held_paths = sorted(glob.glob(os.path.join(args.corpus, "heldout", "*.png")))
    if args.quick:
        train_paths, held_paths = train_paths[:10], held_paths[:2]
    if not train_paths or not held_paths:
        raise SystemExit("{}: needs train/*.jpg and heldout/*.png (stage_srcnn_corpus.py)".format(args.corpus))
    manifest = {}
    manifest_path = os.path.join(args.corpus, "srcnn_corpus.json")
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            manifest = {p["name"]: p for p in json.load(f)["photos"]}
    t = time.time()
    # every VALIDATION_EVERY-th training photo is left out of training to choose between runs (the held-out set
    # is only reported, never used to choose)
    validation = [(os.path.splitext(os.path.basename(p))[0], "validation", load_rgb(p).to(device))
                  for i, p in enumerate(train_paths) if i % VALIDATION_EVERY == VALIDATION_EVERY - 1]
    train = [load_rgb(p).to(device) for i, p in enumerate(train_paths)
             if i % VALIDATION_EVERY != VALIDATION_EVERY - 1]  # degradations run on the device too
    held_out = []
    for p in held_paths:
        name = os.path.splitext(os.path.basename(p))[0]
        held_out.append((name, manifest.get(name, {}).get("category", "?"), load_rgb(p).to(device)))
    print("{} training photos, {} held-out photos, loaded in {:.1f} s, device {}".format(
        len(train), len(held_out), time.time() - t, device), flush=True)
    os.makedirs(args.outdir, exist_ok=True)
    for scale in [int(s) for s in args.scales.split(",")]:
        model, metrics = train_one_scale(scale, train, validation, held_out, args, device)
        write_wts(model.state_dict(), os.path.join(args.outdir, "srcnn_x{}.wts".format(scale)))
        with open(os.path.join(args.outdir, "srcnn_x{}_metrics.json".format(scale)), "w") as f:
            json.dump(metrics, f, indent=1)


if __name__ == "__main__":
    main()
