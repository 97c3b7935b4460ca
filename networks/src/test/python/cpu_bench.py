#!/usr/bin/env python3
"""PyTorch CPU timings of the three networks of the README's "CPU backend speed" table, and their .wts files.

    cpu_bench.py OUTDIR --write-wts            OUTDIR/{srcnn,yolov3,fcn_resnet101}.wts for `trt4j bench --backend cpu`
    cpu_bench.py OUTDIR [--net srcnn|yolov3|fcn] [--runs 5] [--threads 2]   median ms of PyTorch's forward

Same architectures and input sizes as trt4j's: SRCNN x3 on 1x3x256x256 (bicubic upscale then three convolutions,
networks/src/main/python/srcnn_model.py), YOLOv3 raw heads on 1x3x416x416 (yolov3_reference.py's Darknet model of
the shipped yolov3.cfg), FCN-ResNet101 on 1x3x256x256 without the aux head (torchvision's layout written here in
plain torch, so torchvision is not needed: ResNet-101 Bottlenecks [3, 4, 23, 3], layers 3 and 4 dilated 2 and 4,
FCNHead 2048 -> 512 -> 21, bilinear upsampling to the input size). Weights are seeded; their values do not change
the time. Run with Debian's /usr/bin/python3 (torch 1.13 CPU).
"""
import argparse
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "main", "python"))
sys.path.insert(0, HERE)
from srcnn_model import SuperResolutionNet  # noqa: E402
import yolov3_reference  # noqa: E402
from reference_weights import write_wts_fast  # noqa: E402

YOLO_CFG = os.path.join(HERE, "..", "..", "main", "resources", "org", "trt4j", "networks", "yolov3", "yolov3.cfg")


class Bottleneck(nn.Module):
    """torchvision's ResNet Bottleneck (stride and dilation on the 3x3), same module names."""

    def __init__(self, inplanes, planes, stride, dilation, downsample):
        super().__init__()
        width = planes
        self.conv1 = nn.Conv2d(inplanes, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride, padding=dilation, dilation=dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + identity)


class Backbone(nn.Module):
    """ResNet-101 with replace_stride_with_dilation [False, True, True] (output stride 8), as FCN uses it."""

    def __init__(self, blocks=(3, 4, 23, 3)):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.inplanes, self.dilation = 64, 1
        self.layer1 = self._layer(64, blocks[0], 1, False)
        self.layer2 = self._layer(128, blocks[1], 2, False)
        self.layer3 = self._layer(256, blocks[2], 2, True)
        self.layer4 = self._layer(512, blocks[3], 2, True)

    def _layer(self, planes, count, stride, dilate):
        previous = self.dilation
        if dilate:
            self.dilation *= stride
            stride = 1
        downsample = None
        if stride != 1 or self.inplanes != planes * 4:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes * 4, 1, stride, bias=False), nn.BatchNorm2d(planes * 4))
        layers = [Bottleneck(self.inplanes, planes, stride, previous, downsample)]
        self.inplanes = planes * 4
        layers += [Bottleneck(self.inplanes, planes, 1, self.dilation, None) for _ in range(1, count)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))


class Fcn(nn.Module):
    def __init__(self, classes=21):
        super().__init__()
        self.backbone = Backbone()
        self.classifier = nn.Sequential(nn.Conv2d(2048, 512, 3, padding=1, bias=False), nn.BatchNorm2d(512), nn.ReLU(),
                                        nn.Dropout(0.1), nn.Conv2d(512, classes, 1))

    def forward(self, x):
        y = self.classifier(self.backbone(x))
        return F.interpolate(y, size=x.shape[-2:], mode="bilinear", align_corners=False)


def seeded(model):
    """Seeded conv weights (PyTorch's init) and BN statistics of order one, so no layer overflows or vanishes."""
    torch.manual_seed(0)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            m.reset_parameters()
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.uniform_(m.weight, 0.5, 1.0)
            nn.init.uniform_(m.bias, -0.1, 0.1)
            nn.init.uniform_(m.running_mean, -0.1, 0.1)
            nn.init.uniform_(m.running_var, 0.5, 1.5)
    return model.eval()


NETS = {
    "srcnn": (lambda: seeded(SuperResolutionNet(3)), (1, 3, 256, 256)),
    "yolov3": (lambda: yolov3_reference.build(YOLO_CFG, 416, 0), (1, 3, 416, 416)),
    "fcn": (lambda: seeded(Fcn()), (1, 3, 256, 256)),
}
WTS_NAMES = {"srcnn": "srcnn.wts", "yolov3": "yolov3.wts", "fcn": "fcn_resnet101.wts"}


def write_wts(model, path):
    """tensorrtx .wts, num_batches_tracked left out."""
    write_wts_fast({k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}, path)


def time_forward(model, shape, runs, warmup=2):
    x = torch.rand(shape, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        for _ in range(warmup):
            model(x)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--write-wts", action="store_true")
    ap.add_argument("--net", choices=sorted(NETS), action="append")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.outdir, exist_ok=True)
    for name in a.net or ["srcnn", "yolov3", "fcn"]:
        make, shape = NETS[name]
        model = make()
        if a.write_wts:
            path = os.path.join(a.outdir, WTS_NAMES[name])
            write_wts(model, path)
            print("wrote", path)
            continue
        median, best = time_forward(model, shape, a.runs)
        print("pytorch {} {} {} {} threads: median {:.1f} ms, min {:.1f} ms over {} runs".format(
            torch.__version__, name, "x".join(map(str, shape)), a.threads, median, best, a.runs))


if __name__ == "__main__":
    main()
