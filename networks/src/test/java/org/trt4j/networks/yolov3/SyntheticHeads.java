package org.trt4j.networks.yolov3;

import java.util.ArrayList;
import java.util.List;

/**
 * Raw head tensors that encode chosen boxes exactly: the inverse of the YOLOv3 decode. Every other cell gets a very
 * low objectness, so only the planted boxes score above any sensible threshold.
 */
final class SyntheticHeads {
    static final float LOW = -12f;

    final List<YoloHead> heads;
    final int batch;
    final float[][] values; // per head: [batch, anchors * (5 + classes), gridH, gridW]
    final List<List<Detection>> planted = new ArrayList<>();

    SyntheticHeads(List<YoloHead> heads, int batch) {
        this.heads = heads;
        this.batch = batch;
        values = new float[heads.size()][];
        for (int h = 0; h < heads.size(); h++) {
            YoloHead y = heads.get(h);
            values[h] = new float[batch * y.channels() * y.gridH() * y.gridW()];
            for (int i = 0; i < batch; i++)
                for (int a = 0; a < y.anchors(); a++)
                    for (int f = 4; f < 5 + y.classes(); f++)
                        for (int cell = 0; cell < y.gridH() * y.gridW(); cell++)
                            values[h][index(y, i, a, f, cell)] = LOW;
        }
        for (int i = 0; i < batch; i++) planted.add(new ArrayList<>());
    }

    private static int index(YoloHead y, int image, int anchor, int field, int cell) {
        int cells = y.gridH() * y.gridW();
        return ((image * y.anchors() + anchor) * (5 + y.classes()) + field) * cells + cell;
    }

    /**
     * Plants a box centred in cell (row, col) of head h, anchor a, at fractional offset (fx, fy) in (0, 1), with size
     * (w, h) pixels, objectness and class probability p (score = p²).
     */
    SyntheticHeads plant(int image, int head, int anchor, int row, int col, float fx, float fy, float w, float hgt,
                         int cls, float p) {
        YoloHead y = heads.get(head);
        int cell = row * y.gridW() + col;
        float[] v = values[head];
        v[index(y, image, anchor, 0, cell)] = logit(fx);
        v[index(y, image, anchor, 1, cell)] = logit(fy);
        v[index(y, image, anchor, 2, cell)] = (float) Math.log(w / y.anchorW()[anchor]);
        v[index(y, image, anchor, 3, cell)] = (float) Math.log(hgt / y.anchorH()[anchor]);
        v[index(y, image, anchor, 4, cell)] = logit(p);
        v[index(y, image, anchor, 5 + cls, cell)] = logit(p);
        float cx = (col + fx) * y.stride(), cy = (row + fy) * y.stride();
        planted.get(image).add(new Detection(cx - w / 2, cy - hgt / 2, cx + w / 2, cy + hgt / 2, p * p, cls));
        return this;
    }

    private static float logit(float p) { return (float) Math.log(p / (1 - p)); }
}
