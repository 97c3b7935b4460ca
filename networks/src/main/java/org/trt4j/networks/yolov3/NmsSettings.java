package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;

/**
 * Non-maximum suppression settings, fixed when the engine is built. Per image and class, boxes with
 * score > {@code scoreThreshold} are visited by descending score; a box is kept unless its IoU with an already kept
 * box of that class exceeds {@code iouThreshold}; at most {@code maxPerClass} per class. All classes' kept boxes are
 * then sorted by score and the first {@code maxDetections} form the fixed-size output.
 */
public record NmsSettings(float scoreThreshold, float iouThreshold, int maxPerClass, int maxDetections) {

    public NmsSettings {
        if (!(scoreThreshold >= 0 && scoreThreshold < 1))
            throw new UserError("score threshold " + scoreThreshold + " must be in [0, 1)");
        if (!(iouThreshold >= 0 && iouThreshold <= 1))
            throw new UserError("IoU threshold " + iouThreshold + " must be in [0, 1]");
        if (maxPerClass < 1 || maxDetections < 1 || maxDetections > 3840)
            throw new UserError("max per class " + maxPerClass + " must be >= 1 and max detections " + maxDetections
                    + " in 1..3840 (TensorRT's top-k limit)");
    }
}
