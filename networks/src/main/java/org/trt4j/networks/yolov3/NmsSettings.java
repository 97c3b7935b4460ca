package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;
import org.trt4j.plugins.BatchedNms;

/**
 * Non-maximum suppression settings, fixed when the engine is built (the trt4j BatchedNms plugin's fields; semantics
 * in {@link BatchedNms}). Per image and class, boxes with score > {@code scoreThreshold} are visited by descending
 * score; a box is kept unless its IoU with an already kept box of that class exceeds {@code iouThreshold}; at most
 * {@code maxPerClass} per class. All classes' kept boxes are then sorted by score and the first
 * {@code maxDetections} form the fixed-size output. Only the {@code candidates} best-scoring (box, class) pairs
 * above the threshold take part, which is exact whenever that many suffice (see {@link BatchedNms}).
 */
public record NmsSettings(float scoreThreshold, float iouThreshold, int maxPerClass, int maxDetections, int candidates) {

    public NmsSettings {
        if (!(scoreThreshold >= 0 && scoreThreshold < 1))
            throw new UserError("score threshold " + scoreThreshold + " must be in [0, 1)");
        plugin(scoreThreshold, iouThreshold, maxPerClass, maxDetections, candidates); // the plugin's checks, by field name
    }

    /** With the default candidates bound ({@value BatchedNms#DEFAULT_CANDIDATES}). */
    public NmsSettings(float scoreThreshold, float iouThreshold, int maxPerClass, int maxDetections) {
        this(scoreThreshold, iouThreshold, maxPerClass, maxDetections, BatchedNms.DEFAULT_CANDIDATES);
    }

    /** The settings of the NMS plugin layer. */
    public BatchedNms.Settings plugin() {
        return plugin(scoreThreshold, iouThreshold, maxPerClass, maxDetections, candidates);
    }

    private static BatchedNms.Settings plugin(float score, float iou, int perClass, int max, int candidates) {
        return new BatchedNms.Settings(score, iou, perClass, max, candidates);
    }
}
