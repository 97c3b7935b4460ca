"""Weights for the reference scripts. The hash-weight rule, shared with the Java tests (networks/src/test/java/.../HashWeights.java):
every value comes from (tensor name, element index) alone, so goldens need no committed weight file. FNV-1a 64 of the
name, splitmix64 of seed + (i + 1) * golden ratio, 24-bit uniform, mapped to a per-kind range in float64."""
import json

import numpy as np
import torch

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def fnv1a64(name):
    h = 0xCBF29CE484222325
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & MASK64
    return h


def hash_uniform(name, count):
    """count values in [0, 1), each a multiple of 2^-24, from (name, index) only."""
    seed = np.uint64(fnv1a64(name))
    with np.errstate(over="ignore"):
        z = seed + (np.arange(1, count + 1, dtype=np.uint64) * np.uint64(GOLDEN))
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float64) / float(1 << 24)


def hash_values(name, count, lo, hi):
    return (lo + (hi - lo) * hash_uniform(name, count)).astype(np.float32)


def synthetic_state(state):
    """Replaces every tensor of a state_dict with its hash-defined value (same rule as the Java tests)."""
    out = {}
    for name, t in state.items():
        prefix, _, leaf = name.rpartition(".")
        is_bn = (prefix + ".running_mean") in state
        n = t.numel()
        if leaf == "num_batches_tracked":
            out[name] = torch.zeros_like(t)
            continue
        if leaf == "running_var":
            lo, hi = 0.5, 1.5
        elif is_bn and leaf == "weight":
            lo, hi = 0.5, 1.0
        elif leaf == "weight":
            bound = (3.0 / (n // t.shape[0])) ** 0.5
            lo, hi = -bound, bound
        else:  # biases, running means and the rest
            lo, hi = -0.1, 0.1
        out[name] = torch.from_numpy(hash_values(name, n, lo, hi)).reshape(t.shape)
    return out


def write_keys(state, path):
    """The state_dict manifest [[name, shape], ...] the Java tests rebuild the hash weights from."""
    with open(path, "w") as f:
        json.dump([[k, list(v.shape)] for k, v in state.items()], f, indent=0)


def write_wts_fast(state, path):
    """.wts (count line, then `name count hex...`, big-endian float32) for a large model, key order = state_dict."""
    with open(path, "w") as f:
        f.write("{}\n".format(len(state)))
        for name, t in state.items():
            data = t.detach().cpu().reshape(-1).float().numpy().astype(">f4").tobytes().hex()
            words = " ".join(data[i:i + 8] for i in range(0, len(data), 8))
            f.write("{} {} {}\n".format(name, t.numel(), words) if t.numel() else "{} 0\n".format(name))
