package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.plugins.BatchedNms;

/**
 * Non-maximum suppression on the host for engines built with {@code heads=decoded}: the CPU backend's kernel
 * ({@link BatchedNms}, the CPU reference of the NMS plugin: the semantics of {@link NmsSettings} and of
 * {@code yolov3_reference.py}'s {@code nms}).
 */
public final class Nms {
    private Nms() {}

    /**
     * @param boxes  [n, b, 4] corner boxes (x1, y1, x2, y2)
     * @param scores [n, b, c] class scores
     */
    public static Detections run(float[] boxes, float[] scores, int n, int b, int c, NmsSettings s) {
        if (boxes.length != (long) n * b * 4 || scores.length != (long) n * b * c)
            throw new UserError("NMS input of " + n + " x " + b + " boxes x " + c + " classes: got " + boxes.length
                    + " box values and " + scores.length + " scores");
        HostTensor[] out = BatchedNms.apply(HostTensor.of(boxes, n, b, 4), HostTensor.of(scores, n, b, c), s.plugin());
        return fromOutputs(out[0], out[1], out[2], out[3], s.maxDetections());
    }

    /** The detections outputs (count, boxes, scores, classes) of an engine or of the CPU backend. */
    public static Detections fromOutputs(HostTensor count, HostTensor boxes, HostTensor scores, HostTensor classes, int maxDetections) {
        return new Detections(count.ints(), boxes.floats(), scores.floats(), classes.ints(), maxDetections);
    }
}
