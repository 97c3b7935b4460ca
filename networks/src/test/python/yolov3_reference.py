#!/usr/bin/env python3
"""PyTorch YOLOv3 in Darknet layout, built from a Darknet .cfg: the reference trt4j's YOLOv3 is checked against.

Module names follow the tensorrtx / ultralytics-archive layout (module_list.N.Conv2d.weight,
module_list.N.BatchNorm2d.running_mean, ...), so the state_dict keys equal the keys trt4j reads from a .wts file.
Weights are seeded random numbers; BatchNorm running statistics are calibrated on a random batch so that
activations stay of order one through all 75 convolutions (random statistics would blow up or vanish).

Examples (torch 1.13 .. 2.x, CPU only, no network access):
  yolov3_reference.py --cfg yolov3.cfg --size 608 --wts yolov3.wts --darknet yolov3.weights --golden yolov3_608.npz
  yolov3_reference.py --cfg yolov3.cfg --size 608 --onnx yolov3.onnx     # raw heads, dynamic batch
"""
import argparse
import inspect
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

BN_EPS = 1e-5
LEAKY_SLOPE = 0.1


def parse_cfg(path):
    """Darknet cfg -> list of (section, {key: value}); the first is [net]."""
    blocks = []
    with open(path) as f:
        for raw in f:
            line = raw.split('#', 1)[0].strip()
            if not line:
                continue
            if line.startswith('['):
                blocks.append((line[1:-1].strip(), {}))
            else:
                key, value = line.split('=', 1)
                blocks[-1][1][key.strip()] = value.strip()
    return blocks


def int_list(text):
    return [int(v) for v in text.split(',') if v.strip()]


class YoloSpec:
    """Anchors (pixels) and class count of one [yolo] layer."""

    def __init__(self, options):
        mask = int_list(options['mask'])
        pairs = int_list(options['anchors'])
        self.anchors = [(pairs[2 * m], pairs[2 * m + 1]) for m in mask]
        self.classes = int(options['classes'])


class Darknet(nn.Module):
    def __init__(self, cfg_path):
        super().__init__()
        blocks = parse_cfg(cfg_path)
        self.net = blocks[0][1]
        self.layers = blocks[1:]
        self.module_list = nn.ModuleList()
        self.yolo = {}
        channels = [int(self.net.get('channels', 3))]  # channels[i + 1] = output channels of layer i
        for i, (kind, o) in enumerate(self.layers):
            seq = nn.Sequential()
            cin = channels[-1]
            if kind == 'convolutional':
                bn = int(o.get('batch_normalize', 0)) == 1
                size, stride, filters = int(o['size']), int(o['stride']), int(o['filters'])
                pad = size // 2 if int(o.get('pad', 0)) else 0
                seq.add_module('Conv2d', nn.Conv2d(cin, filters, size, stride, pad, bias=not bn))
                if bn:
                    seq.add_module('BatchNorm2d', nn.BatchNorm2d(filters, eps=BN_EPS))
                if o['activation'] == 'leaky':
                    seq.add_module('activation', nn.LeakyReLU(LEAKY_SLOPE))
                elif o['activation'] != 'linear':
                    raise ValueError(f'layer {i}: activation {o["activation"]} not supported')
                cout = filters
            elif kind == 'shortcut':
                cout = cin
            elif kind == 'route':
                cout = sum(channels[1 + self.absolute(i, j)] for j in int_list(o['layers']))
            elif kind in ('upsample', 'maxpool'):
                cout = cin
            elif kind == 'yolo':
                self.yolo[i] = YoloSpec(o)
                cout = cin
            else:
                raise ValueError(f'layer {i}: [{kind}] not supported')
            self.module_list.append(seq)
            channels.append(cout)

    @staticmethod
    def absolute(i, j):
        return i + j if j < 0 else j

    def forward(self, x):
        """Returns the raw outputs of the convolutions feeding the [yolo] layers, in cfg order."""
        outputs, heads = [], []
        for i, (kind, o) in enumerate(self.layers):
            if kind == 'convolutional':
                x = self.module_list[i](x)
            elif kind == 'shortcut':
                x = x + outputs[self.absolute(i, int(o['from']))]
            elif kind == 'route':
                x = torch.cat([outputs[self.absolute(i, j)] for j in int_list(o['layers'])], 1)
            elif kind == 'upsample':
                x = F.interpolate(x, scale_factor=int(o['stride']), mode='nearest')
            elif kind == 'maxpool':
                size, stride = int(o['size']), int(o['stride'])
                before = (size - 1) // 2  # Darknet pads size-1 in all, skipping padded cells in the max
                x = F.pad(x, (before, size - 1 - before, before, size - 1 - before), value=float('-inf'))
                x = F.max_pool2d(x, size, stride)
            elif kind == 'yolo':
                heads.append(x)
            outputs.append(x)
        return tuple(heads)

    def yolo_specs(self):
        return [self.yolo[i] for i in sorted(self.yolo)]

    def convolutions(self):
        """(index, Conv2d, BatchNorm2d or None) in cfg order: the Darknet .weights order."""
        for i, (kind, _) in enumerate(self.layers):
            if kind == 'convolutional':
                seq = self.module_list[i]
                yield i, seq.Conv2d, getattr(seq, 'BatchNorm2d', None)


@torch.no_grad()
def randomize(model, size, seed):
    """Seeded weights; BN running stats from the actual per-channel statistics of a random batch (perturbed)."""
    g = torch.Generator().manual_seed(seed)
    for i, conv, bn in model.convolutions():
        fan_in = conv.in_channels * conv.kernel_size[0] * conv.kernel_size[1]
        gain = 1.0 if bn is not None else 0.5  # heads: keep exp(wh) tame
        conv.weight.copy_(torch.randn(conv.weight.shape, generator=g) * gain / fan_in ** 0.5)
        if conv.bias is not None:
            conv.bias.copy_(torch.randn(conv.bias.shape, generator=g) * 0.1)
        if bn is not None:
            bn.weight.copy_(0.5 + torch.rand(bn.weight.shape, generator=g))
            bn.bias.copy_(torch.randn(bn.bias.shape, generator=g) * 0.1)
    calibration = torch.rand((2, 3, size, size), generator=g)
    convs = {i: bn for i, _, bn in model.convolutions() if bn is not None}
    hooks = []
    for i, bn in convs.items():
        def set_stats(module, args, bn=bn):
            x = args[0]
            mean = x.mean(dim=(0, 2, 3))
            var = x.var(dim=(0, 2, 3), unbiased=False)
            noise_m = torch.randn(mean.shape, generator=g) * 0.05 * var.sqrt()
            noise_v = 0.9 + 0.2 * torch.rand(var.shape, generator=g)
            bn.running_mean.copy_(mean + noise_m)
            bn.running_var.copy_(var * noise_v + 1e-3)
        hooks.append(bn.register_forward_pre_hook(set_stats))
    model.eval()
    model(calibration)  # eval mode: each BN uses the stats its hook just set from its real input
    for h in hooks:
        h.remove()


def state_tensors(model):
    """state_dict without num_batches_tracked (a training counter, not a weight)."""
    return {k: v.detach().float().contiguous() for k, v in model.state_dict().items()
            if not k.endswith('num_batches_tracked')}


def write_wts(model, path):
    tensors = state_tensors(model)
    with open(path, 'w') as f:
        f.write(f'{len(tensors)}\n')
        for name, t in tensors.items():
            values = t.reshape(-1).numpy()
            f.write(f'{name} {len(values)}')
            for v in values:
                f.write(' ' + struct.pack('>f', float(v)).hex())
            f.write('\n')


def write_darknet(model, path):
    """Darknet .weights: major, minor, revision (int32), seen (int64 as minor >= 2), then per convolution
    bias(beta), [scale(gamma), mean, variance,] weights."""
    with open(path, 'wb') as f:
        np.array([0, 2, 0], dtype='<i4').tofile(f)
        np.array([0], dtype='<i8').tofile(f)
        for _, conv, bn in model.convolutions():
            parts = [bn.bias, bn.weight, bn.running_mean, bn.running_var] if bn is not None else [conv.bias]
            for t in parts + [conv.weight]:
                t.detach().float().numpy().astype('<f4').ravel().tofile(f)


# ---------------------------------------------------------------- decode + NMS (the semantics trt4j implements)

def decode(heads, specs, size):
    """Raw heads -> boxes [N, B, 4] as (x1, y1, x2, y2) in input pixels, scores [N, B, C] = obj * class.
    Box b enumerates heads in cfg order, then anchor, then row, then column."""
    all_boxes, all_scores = [], []
    for head, spec in zip(heads, specs):
        n, _, h, w = head.shape
        a, c = len(spec.anchors), spec.classes
        stride = size // w
        p = head.reshape(n, a, 5 + c, h * w)
        gx = torch.arange(w, dtype=torch.float32).repeat(h)
        gy = torch.arange(h, dtype=torch.float32).repeat_interleave(w)
        anchors = torch.tensor(spec.anchors, dtype=torch.float32)
        cx = (torch.sigmoid(p[:, :, 0]) + gx) * stride
        cy = (torch.sigmoid(p[:, :, 1]) + gy) * stride
        bw = torch.exp(p[:, :, 2]) * anchors[:, 0:1]
        bh = torch.exp(p[:, :, 3]) * anchors[:, 1:2]
        boxes = torch.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], -1)  # [n, a, hw, 4]
        scores = torch.sigmoid(p[:, :, 4:5]) * torch.sigmoid(p[:, :, 5:])  # [n, a, c, hw]
        all_boxes.append(boxes.reshape(n, a * h * w, 4))
        all_scores.append(scores.permute(0, 1, 3, 2).reshape(n, a * h * w, c))
    return torch.cat(all_boxes, 1), torch.cat(all_scores, 1)


def iou(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def nms(boxes, scores, score_threshold, iou_threshold, max_per_class, max_detections):
    """Per image, per class greedy NMS over boxes with score > score_threshold (descending score, ties by box
    index), suppressing IoU > iou_threshold, at most max_per_class per class; then all classes merged, sorted by
    score (ties: class, then box), the first max_detections kept. Returns count [N], boxes [N, K, 4],
    scores [N, K], classes [N, K] (zero padded)."""
    n, b, c = scores.shape
    k = max_detections
    out_count = np.zeros(n, np.int32)
    out_boxes = np.zeros((n, k, 4), np.float32)
    out_scores = np.zeros((n, k), np.float32)
    out_classes = np.zeros((n, k), np.int32)
    bx = boxes.numpy().astype(np.float64)
    sc = scores.numpy()
    for i in range(n):
        kept = []
        for cls in range(c):
            cand = [j for j in range(b) if sc[i, j, cls] > score_threshold]
            cand.sort(key=lambda j: (-sc[i, j, cls], j))
            chosen = []
            for j in cand:
                if len(chosen) == max_per_class:
                    break
                if all(iou(bx[i, j], bx[i, s]) <= iou_threshold for s in chosen):
                    chosen.append(j)
            kept += [(float(sc[i, j, cls]), cls, j) for j in chosen]
        kept.sort(key=lambda t: (-t[0], t[1], t[2]))
        kept = kept[:k]
        out_count[i] = len(kept)
        for r, (s, cls, j) in enumerate(kept):
            out_boxes[i, r] = boxes[i, j].numpy()
            out_scores[i, r] = s
            out_classes[i, r] = cls
    return out_count, out_boxes, out_scores, out_classes


# ---------------------------------------------------------------- outputs

def build(cfg, size, seed):
    model = Darknet(cfg)
    randomize(model, size, seed)
    return model.eval()


def golden(model, size, batch, seed, score_threshold, iou_threshold, max_per_class, max_detections):
    g = torch.Generator().manual_seed(seed + 1)
    x = torch.rand((batch, 3, size, size), generator=g)
    with torch.no_grad():
        heads = model(x)
    boxes, scores = decode(heads, model.yolo_specs(), size)
    count, det_boxes, det_scores, det_classes = nms(boxes, scores, score_threshold, iou_threshold,
                                                     max_per_class, max_detections)
    out = {'input': x.numpy()}
    for h, head in enumerate(heads):
        out[f'head{h}'] = head.numpy()
    out.update(boxes=boxes.numpy(), scores=scores.numpy(), det_count=count, det_boxes=det_boxes,
               det_scores=det_scores, det_classes=det_classes,
               thresholds=np.array([score_threshold, iou_threshold], np.float32),
               limits=np.array([max_per_class, max_detections], np.int32))
    return out


def export_onnx(model, size, path):
    x = torch.rand(1, 3, size, size)
    names = [f'head{h}' for h in range(len(model.yolo))]
    kwargs = dict(input_names=['input'], output_names=names, opset_version=17,
                  dynamic_axes={n: {0: 'batch'} for n in ['input'] + names})
    if 'dynamo' in inspect.signature(torch.onnx.export).parameters:
        kwargs['dynamo'] = False  # the TorchScript exporter: no onnxscript needed, same graph on 1.13 and 2.x
    with torch.no_grad():
        torch.onnx.export(model, (x,), path, **kwargs)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--cfg', default=None, help='Darknet cfg (default: the yolov3.cfg shipped with trt4j)')
    ap.add_argument('--size', type=int, default=608, help='input height = width, a multiple of 32')
    ap.add_argument('--batch', type=int, default=1)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--wts', help='write the weights as .wts')
    ap.add_argument('--darknet', help='write the weights as a Darknet .weights file')
    ap.add_argument('--golden', help='write input, raw heads, decode and NMS results as .npz')
    ap.add_argument('--onnx', help='write an ONNX model of the raw heads (dynamic batch)')
    ap.add_argument('--score', type=float, default=0.5)
    ap.add_argument('--iou', type=float, default=0.45)
    ap.add_argument('--max-per-class', type=int, default=100)
    ap.add_argument('--max-detections', type=int, default=100)
    a = ap.parse_args(argv)
    if a.size % 32:
        sys.exit(f'--size {a.size} is not a multiple of 32')
    cfg = a.cfg
    if cfg is None:
        import os
        here = os.path.dirname(os.path.abspath(__file__))
        cfg = os.path.join(here, '../../main/resources/org/trt4j/networks/yolov3/yolov3.cfg')
    torch.manual_seed(a.seed)
    model = build(cfg, a.size, a.seed)
    if a.wts:
        write_wts(model, a.wts)
    if a.darknet:
        write_darknet(model, a.darknet)
    if a.golden:
        np.savez_compressed(a.golden, **golden(model, a.size, a.batch, a.seed, a.score, a.iou,
                                               a.max_per_class, a.max_detections))
    if a.onnx:
        export_onnx(model, a.size, a.onnx)


if __name__ == '__main__':
    main()
