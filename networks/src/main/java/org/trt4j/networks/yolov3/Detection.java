package org.trt4j.networks.yolov3;

import org.trt4j.networks.image.Letterbox;
import org.trt4j.plugins.BatchedNms;

/** One detected object: corner box (x1, y1, x2, y2) in pixels, score = objectness × class probability. */
public record Detection(float x1, float y1, float x2, float y2, float score, int classId) {

    /** The same detection with its box mapped by {@code x' = (x - dx) / scale}, {@code y' = (y - dy) / scale}
     * and clipped to [0, width] × [0, height]. */
    public Detection unmapped(float scaleX, float scaleY, float dx, float dy, int width, int height) {
        return new Detection(clip((x1 - dx) / scaleX, width), clip((y1 - dy) / scaleY, height),
                clip((x2 - dx) / scaleX, width), clip((y2 - dy) / scaleY, height), score, classId);
    }

    /** The same detection in the original image that {@code p} placed in the network input. */
    public Detection inImage(Letterbox.Placement p) { return unmapped(p.scaleX(), p.scaleY(), p.dx(), p.dy(), p.width(), p.height()); }

    /** Intersection over union with another box (BatchedNms's measure; 0 when they do not overlap). */
    public float iou(Detection o) { return BatchedNms.iou(new float[]{x1, y1, x2, y2, o.x1, o.y1, o.x2, o.y2}, 0, 1); }

    private static float clip(float v, int max) { return Math.max(0f, Math.min(max, v)); }
}
