package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;
import org.trt4j.weights.darknet.CfgSection;

/**
 * One [yolo] layer: the anchors its mask selects (w, h in input pixels), the class count, and — once the input size
 * is fixed — its grid and stride. Raw head layout per cell: anchors × (tx, ty, tw, th, objectness, classes...).
 */
public record YoloHead(int layerIndex, float[] anchorW, float[] anchorH, int classes, int gridH, int gridW, int stride) {

    public int anchors() { return anchorW.length; }

    /** Channels of the raw head: anchors × (5 + classes). */
    public int channels() { return anchors() * (5 + classes); }

    /** Reads mask, anchors and classes of a [yolo] section; the grid comes from the tensor feeding it. */
    static YoloHead from(CfgSection s, int inputSize, int channels, int gridH, int gridW) {
        int[] mask = s.requireIntList("mask");
        float[] pairs = s.requireFloatList("anchors");
        int classes = s.requireInt("classes");
        float[] w = new float[mask.length], h = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] < 0 || 2 * mask[i] + 1 >= pairs.length)
                throw new UserError("[yolo] layer " + s.index() + " (line " + s.lineOf("mask") + "): mask " + mask[i]
                        + " has no anchor among the " + pairs.length / 2 + " given");
            w[i] = pairs[2 * mask[i]];
            h[i] = pairs[2 * mask[i] + 1];
        }
        if (channels != mask.length * (5 + classes))
            throw new UserError("[yolo] layer " + s.index() + " (line " + s.line() + "): its input has " + channels
                    + " channels, expected " + mask.length + " anchors x (5 + " + classes + " classes) = " + mask.length * (5 + classes));
        if (inputSize % gridW != 0 || inputSize / gridW != inputSize / gridH)
            throw new UserError("[yolo] layer " + s.index() + ": grid " + gridH + "x" + gridW + " does not divide input " + inputSize);
        return new YoloHead(s.index(), w, h, classes, gridH, gridW, inputSize / gridW);
    }
}
