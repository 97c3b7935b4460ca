"""Builds the SRCNN photo corpus from installed Debian packages and writes its manifest (the photos are not committed).

    /usr/bin/python3 stage_srcnn_corpus.py OUTDIR MANIFEST.json

Needs (Debian 12, main): ukui-wallpapers lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 mate-backgrounds
plasma-workspace-wallpapers python3-skimage python3-matplotlib python3-pil. Each source photo is downscaled with
Lanczos (antialiased, so the high-resolution reference is sharp and clean):
  train/    whole photo, long side <= 1024, JPEG q95; plus, for sources >= 2560 px, two native-resolution 512x512
            crops (real camera/renderer detail, not only downscaled detail), JPEG q95
  heldout/  whole photo, long side <= 576, PNG (lossless: no JPEG artifacts in the evaluation reference), height and
            width cut to multiples of 12 so that x2, x3 and x4 all divide them
"""
import fnmatch
import glob
import json
import os
import subprocess
import sys

from PIL import Image

SKIMAGE_DIR = "/usr/lib/python3/dist-packages/skimage/data"
GRACE_HOPPER = "/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg"

# name -> category; every other photo found is a training photo. Chosen by looking at the photos.
HELD_OUT = {
    "text": "text", "page": "text",
    "astronaut": "face", "grace_hopper": "face", "chelsea": "face", "friends_by_Aitzol_Berasategi": "face",
    "Dragonfly_by_Bolly": "foliage", "GreenMeadow": "foliage", "Kay": "foliage",
    "Bridge_by_Sander_Klootwijk": "architecture", "ColdRipple": "architecture", "Wine_by_Jakkub_Mede": "architecture",
    "the-mouse": "architecture",
    "brick": "pattern", "gravel": "pattern", "Wood": "pattern", "umang_by_Abhishek_Mudgal": "pattern",
    "Painting-Colors_by__herobrine7gamer": "pattern",
    "desert": "flat", "Ubuntu-Mate-Cold-no-logo": "flat", "summer_1am": "flat",
    "coffee": "object", "BytheWater": "landscape", "picosdeeuropa_by_Aitzol_Berasategi": "landscape",
}
SKIMAGE_TRAIN = ("rocket", "hubble_deep_field", "ihc", "retina", "camera", "grass", "coins", "moon", "cell",
                 "motorcycle_left", "motorcycle_right")
# duplicates of another source at a lower resolution, or almost entirely transparent
SKIP = {"Elephants", "Elephants_3840x2160", "Arc-Colors-Transparent-Wallpaper"}


def owner_package(path):
    out = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True, check=True).stdout
    package = out.split(":")[0]
    version = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True,
                             check=True).stdout
    return package, version


def file_licence(package, path):
    """The License of the last DEP-5 Files stanza whose pattern matches the file's name (or '*')."""
    stanzas, current = [], None
    with open("/usr/share/doc/{}/copyright".format(package), encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("Files:"):
                current = {"files": line[6:].split(), "licence": None}
                stanzas.append(current)
            elif line.startswith(" ") and current is not None and current["licence"] is None and stanzas:
                current["files"] += line.split() if ":" not in line else []
            elif line.startswith("License:") and current is not None and current["licence"] is None:
                current["licence"] = line[8:].strip()
    base = os.path.basename(path)
    licence = None
    for s in stanzas:
        if any(p == "*" or fnmatch.fnmatch(base, os.path.basename(p)) for p in s["files"]):
            licence = s["licence"]
    return licence


def sources():
    """(name, path) of every candidate photo."""
    found = []
    for p in sorted(glob.glob("/usr/share/backgrounds/*.*") + glob.glob("/usr/share/backgrounds/mate/*/*")):
        if p.lower().endswith((".jpg", ".png")):
            found.append((os.path.splitext(os.path.basename(p))[0], p))
    for d in sorted(glob.glob("/usr/share/wallpapers/*/contents")):
        name = d.split("/")[4]
        for variant in ("images", "images_dark"):
            files = sorted(glob.glob("{}/{}/*".format(d, variant)), key=lambda p: -os.path.getsize(p))
            if files:
                found.append((name if variant == "images" else name + "_dark", files[0]))
    for name in SKIMAGE_TRAIN + ("text", "page", "astronaut", "chelsea", "brick", "gravel", "coffee"):
        found.append((name, next(glob.glob("{}/{}.{}".format(SKIMAGE_DIR, name, e))[0]
                                 for e in ("png", "jpg") if glob.glob("{}/{}.{}".format(SKIMAGE_DIR, name, e)))))
    found.append(("grace_hopper", GRACE_HOPPER))
    return [(n, p) for n, p in found if n not in SKIP]


def fit(image, long_side):
    scale = long_side / max(image.size)
    if scale >= 1:
        return image
    return image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)


def main():
    out_dir, manifest_path = sys.argv[1], sys.argv[2]
    for sub in ("train", "heldout"):
        os.makedirs(os.path.join(out_dir, sub), exist_ok=True)
    entries = []
    for name, path in sources():
        package, version = owner_package(os.path.realpath(path))
        image = Image.open(path).convert("RGB")
        entry = {"name": name, "package": package, "version": version, "licence": file_licence(package, path),
                 "file": path, "source_size": list(image.size)}
        if name in HELD_OUT:
            small = fit(image, 576)
            w, h = small.width // 12 * 12, small.height // 12 * 12
            small.crop((0, 0, w, h)).save(os.path.join(out_dir, "heldout", name + ".png"))
            entry.update(role="heldout", category=HELD_OUT[name], staged_size=[w, h])
        else:
            fit(image, 1024).save(os.path.join(out_dir, "train", name + ".jpg"), quality=95)
            entry.update(role="train", category="mixed", staged_crops=0)
            if max(image.size) >= 2560:
                for i, (fx, fy) in enumerate(((0.3, 0.4), (0.7, 0.6))):
                    x, y = int((image.width - 512) * fx), int((image.height - 512) * fy)
                    image.crop((x, y, x + 512, y + 512)).save(
                        os.path.join(out_dir, "train", "{}_crop{}.jpg".format(name, i)), quality=95)
                entry["staged_crops"] = 2
        entries.append(entry)
        print(entry["role"], name, package, entry["licence"])
    missing = set(HELD_OUT) - {e["name"] for e in entries}
    if missing:
        raise SystemExit("held-out photos not found: {}".format(sorted(missing)))
    with open(manifest_path, "w") as f:
        json.dump({"note": "photos from Debian 12 (main) packages, staged by stage_srcnn_corpus.py; licence as "
                           "parsed from /usr/share/doc/<package>/copyright (Files stanza matching the file name)",
                   "photos": entries}, f, indent=1)


if __name__ == "__main__":
    main()
