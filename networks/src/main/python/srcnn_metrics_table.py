"""The README's SRCNN tables from train_srcnn.py's metrics files, so the figures are copied by a program, not by hand.

    python3 srcnn_metrics_table.py [DIR]   (DIR holds srcnn_x{2,3,4}_metrics.json; default: this script's directory)

Prints the per-photo x3 gain table (categories from srcnn_corpus.json), the per-degradation means of every scale
found, and the summary per scale (held-out mean and worst, validation mean and worst, steps and training time).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEGRADATIONS = ("area", "bicubic_aa", "bicubic", "blur", "jpeg75", "jpeg90")


def load(directory):
    metrics = {}
    for scale in (2, 3, 4):
        path = os.path.join(directory, "srcnn_x{}_metrics.json".format(scale))
        if os.path.exists(path):
            with open(path) as f:
                metrics[scale] = json.load(f)
    if not metrics:
        sys.exit("srcnn_metrics_table.py: no srcnn_x{2,3,4}_metrics.json in " + directory)
    return metrics


def categories():
    with open(os.path.join(HERE, "srcnn_corpus.json")) as f:
        return {p["name"]: p["category"] for p in json.load(f)["photos"] if p.get("role") == "heldout"}


def table(metrics, main_scale=3):
    lines = []
    m = metrics.get(main_scale) or metrics[min(metrics)]
    cat = categories()
    lines.append("| ×{} gain (dB, Y) | category | bicubic PSNR (bicubic_aa) | {} |".format(m["scale"], " | ".join(DEGRADATIONS)))
    lines.append("|---" * (3 + len(DEGRADATIONS)) + "|")
    rows = sorted(m["per_photo"].items(), key=lambda kv: (cat.get(kv[0], "?"), kv[0]))
    for name, photo in rows:
        d = photo["degradations"]
        lines.append("| {} | {} | {:.2f} | {} |".format(name, cat.get(name, photo["category"]), d["bicubic_aa"]["bicubic_psnr_y"],
                                                      " | ".join("{:+.2f}".format(d[k]["gain_db_y"]) for k in DEGRADATIONS)))
    for scale in sorted(metrics):
        per = metrics[scale]["mean_gain_db_y_per_degradation"]
        lines.append("| **mean ×{}** | | | {} |".format(scale, " | ".join("{:+.2f}".format(per[k]) for k in DEGRADATIONS)))
    lines.append("")
    lines.append("| scale | held-out mean gain (dB, Y) | held-out worst (dB, photo, degradation) | pairs below -0.1 dB "
                 "| validation mean / worst | steps, seconds, batch |")
    lines.append("|---|---|---|---|---|---|")
    for scale in sorted(metrics):
        s = metrics[scale]
        below = sum(1 for p in s["per_photo"].values() for r in p["degradations"].values() if r["gain_db_y"] < -0.1)
        pairs = sum(len(p["degradations"]) for p in s["per_photo"].values())
        w, v, t = s["worst"], s["validation"], s["training"]
        lines.append("| ×{} | {:+.2f} | {:+.2f}, {}, {} | {} of {} | {:+.2f} / {:+.2f} | {}, {:.0f} s, {} |".format(
            scale, s["mean_gain_db_y"], w["gain_db_y"], w["photo"], w["degradation"], below, pairs,
            v["mean_gain_db_y"], v["worst"]["gain_db_y"], t["steps"], t["seconds"], t["batch"]))
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(load(sys.argv[1] if len(sys.argv) > 1 else HERE)))
