"""The tiny synthetic MVS scene in examples/mvs_scene (numpy only): three 160x96 views of two textured planes with
known depth, in MVSNet's formats.

    python3 make_mvs_scene.py OUTDIR

Scene: a fronto-parallel wall at z = 6 and a square card at z = 3.5 in front of it (x, y in [-0.7, 0.5] x [-0.45,
0.35]), textured with a pattern of the world x, y (sines plus hashed cells, so matching is unambiguous). Cameras:
f = 120 px, principal point (80, 48), identity rotation, centres at x = 0 (reference), +0.2, -0.2. Pixel (u, v)
sees the ray through (u - cx, v - cy, f), CasMVSNet's convention; 3x3 supersampling.
Writes ref.png src1.png src2.png, cams.txt (one MVSNet block per view: depth_min 2.5, interval 0.025, 192
hypotheses), depth_gt.pfm (the reference view's true depth).
"""
import os
import struct
import sys
import zlib

import numpy as np

H, W, F, CX, CY = 96, 160, 120.0, 80.0, 48.0
CENTRES = (0.0, 0.2, -0.2)
CARD_Z, WALL_Z = 3.5, 6.0


def texture(x, y, z):
    cells = np.floor(x * 12).astype(np.int64) * 73856093 ^ np.floor(y * 12).astype(np.int64) * 19349663 ^ (z * 10).astype(np.int64)
    noise = ((cells * 2654435761) % 1000) / 1000.0
    r = 0.5 + 0.3 * np.sin(17 * x) * np.cos(11 * y) + 0.2 * (noise - 0.5)
    g = 0.5 + 0.25 * np.sin(7 * x + 13 * y) + 0.25 * (noise - 0.5) * (z < 5)
    b = 0.5 + 0.3 * np.cos(23 * y - 5 * x) * (0.5 + noise) - 0.15
    return np.clip(np.stack([r, g, b], -1), 0, 1)


def render(cx_world, ss=3):
    offs = (np.arange(ss) + 0.5) / ss - 0.5
    img = np.zeros((H, W, 3))
    depth = None
    for oy in offs:
        for ox in offs:
            v, u = np.mgrid[0:H, 0:W].astype(np.float64)
            dx, dy = (u + ox - CX) / F, (v + oy - CY) / F
            cx_, cy_ = cx_world + dx * CARD_Z, dy * CARD_Z
            card = (cx_ > -0.7) & (cx_ < 0.5) & (cy_ > -0.45) & (cy_ < 0.35)
            z = np.where(card, CARD_Z, WALL_Z)
            img += texture(cx_world + dx * z, dy * z, z)
    v, u = np.mgrid[0:H, 0:W].astype(np.float64)
    cx_, cy_ = cx_world + (u - CX) / F * CARD_Z, (v - CY) / F * CARD_Z
    depth = np.where((cx_ > -0.7) & (cx_ < 0.5) & (cy_ > -0.45) & (cy_ < 0.35), CARD_Z, WALL_Z).astype(np.float32)
    return img / (ss * ss), depth


def write_png(path, rgb):
    data = (np.clip(rgb, 0, 1) * 255 + 0.5).astype(np.uint8)
    raw = b"".join(b"\x00" + row.tobytes() for row in data)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(png)


def write_pfm(path, d):
    with open(path, "wb") as f:
        f.write(b"Pf\n%d %d\n-1\n" % (d.shape[1], d.shape[0]))
        f.write(np.ascontiguousarray(d[::-1]).astype("<f4").tobytes())


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    blocks = []
    for i, c in enumerate(CENTRES):
        img, depth = render(c)
        write_png(os.path.join(out, ("ref" if i == 0 else "src%d" % i) + ".png"), img)
        if i == 0:
            write_pfm(os.path.join(out, "depth_gt.pfm"), depth)
        ext = np.eye(4)
        ext[0, 3] = 0.0 - c  # world to camera: x_cam = x_world - c (0.0 - c: no "-0" in the file)
        blocks.append("extrinsic\n" + "\n".join(" ".join("%g" % v for v in row) for row in ext)
                      + "\n\nintrinsic\n%g 0 %g\n0 %g %g\n0 0 1\n\n2.5 0.025 192 7.275\n" % (F, CX, F, CY))
    with open(os.path.join(out, "cams.txt"), "w") as f:
        f.write("\n".join(blocks))
    print("wrote", sorted(os.listdir(out)))


if __name__ == "__main__":
    main()
