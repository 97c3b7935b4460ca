#!/usr/bin/env python3
"""CI goldens for YOLOv3: make_yolov3.py OUTDIR (torch/numpy only, seeded, deterministic on CPU).

The CI model is yolov3-slim16.cfg: the full YOLOv3 topology (75 convolutions, 23 shortcuts, 4 routes, 2 upsamples,
3 yolo layers with 80 classes) with every hidden width divided by 16, so that its weights fit in the repository.
Writes into OUTDIR:
  yolov3-slim16.weights   Darknet weights (converter roundtrip input)
  weights.npz             the same weights as state_dict tensors (module_list.N.Conv2d.weight, ...)
  heads.npz               batch-2 128x128 input, the three raw heads, decoded boxes/scores, NMS results
"""
import os
import sys

import numpy as np

import yolov3_reference as ref

SIZE, BATCH, SEED = 128, 2, 0


def main(out):
    os.makedirs(out, exist_ok=True)
    cfg = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../resources/golden/yolov3/yolov3-slim16.cfg')
    model = ref.build(cfg, SIZE, SEED)
    ref.write_darknet(model, os.path.join(out, 'yolov3-slim16.weights'))
    np.savez_compressed(os.path.join(out, 'weights.npz'),
                        **{k: v.numpy() for k, v in ref.state_tensors(model).items()})
    np.savez_compressed(os.path.join(out, 'heads.npz'),
                        **ref.golden(model, SIZE, BATCH, SEED, score_threshold=0.5, iou_threshold=0.45,
                                     max_per_class=20, max_detections=50))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: make_yolov3.py OUTDIR')
    main(sys.argv[1])
