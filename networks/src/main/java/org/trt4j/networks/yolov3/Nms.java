package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-class non-maximum suppression on the CPU, with the semantics of {@link NmsSettings} (the same as
 * TensorRT's NMS layer followed by trt4j's per-image top-k, and as {@code yolov3_reference.py}'s {@code nms}).
 * Ties in score go to the lower box index (within a class) and to the lower class, then box (across classes).
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
        int k = s.maxDetections();
        int[] count = new int[n];
        float[] outBoxes = new float[n * k * 4];
        float[] outScores = new float[n * k];
        int[] outClasses = new int[n * k];
        for (int i = 0; i < n; i++) {
            List<long[]> kept = new ArrayList<>(); // {class, box}
            List<Float> keptScores = new ArrayList<>();
            List<List<Integer>> perClass = candidates(scores, i, b, c, s.scoreThreshold());
            for (int cls = 0; cls < c; cls++) {
                Integer[] cand = perClass.get(cls).toArray(new Integer[0]);
                final int fc = cls, fi = i;
                Arrays.sort(cand, (p, q) -> {
                    int byScore = Float.compare(scores[(fi * b + q) * c + fc], scores[(fi * b + p) * c + fc]);
                    return byScore != 0 ? byScore : Integer.compare(p, q);
                });
                List<Integer> chosen = new ArrayList<>();
                for (int j : cand) {
                    if (chosen.size() == s.maxPerClass()) break;
                    boolean keep = true;
                    for (int prev : chosen)
                        if (iou(boxes, i * b + j, i * b + prev) > s.iouThreshold()) { keep = false; break; }
                    if (keep) chosen.add(j);
                }
                for (int j : chosen) {
                    kept.add(new long[]{cls, j});
                    keptScores.add(scores[(i * b + j) * c + cls]);
                }
            }
            Integer[] order = new Integer[kept.size()];
            for (int r = 0; r < order.length; r++) order[r] = r;
            Arrays.sort(order, (p, q) -> {
                int byScore = Float.compare(keptScores.get(q), keptScores.get(p));
                if (byScore != 0) return byScore;
                int byClass = Long.compare(kept.get(p)[0], kept.get(q)[0]);
                return byClass != 0 ? byClass : Long.compare(kept.get(p)[1], kept.get(q)[1]);
            });
            count[i] = Math.min(k, order.length);
            for (int r = 0; r < count[i]; r++) {
                long[] hit = kept.get(order[r]);
                int row = i * k + r;
                System.arraycopy(boxes, (i * b + (int) hit[1]) * 4, outBoxes, row * 4, 4);
                outScores[row] = keptScores.get(order[r]);
                outClasses[row] = (int) hit[0];
            }
        }
        return new Detections(count, outBoxes, outScores, outClasses, k);
    }

    /** Per class, the boxes of image i scoring above the threshold, in box order (one pass over the scores). */
    private static List<List<Integer>> candidates(float[] scores, int i, int b, int c, float threshold) {
        List<List<Integer>> out = new ArrayList<>(c);
        for (int cls = 0; cls < c; cls++) out.add(new ArrayList<>());
        int base = i * b * c;
        for (int j = 0; j < b; j++)
            for (int cls = 0; cls < c; cls++)
                if (scores[base + j * c + cls] > threshold) out.get(cls).add(j);
        return out;
    }

    /** Intersection over union of boxes p and q (indices into the [*, 4] box array); 0 for empty unions. */
    static float iou(float[] boxes, int p, int q) {
        float iw = Math.max(0f, Math.min(boxes[4 * p + 2], boxes[4 * q + 2]) - Math.max(boxes[4 * p], boxes[4 * q]));
        float ih = Math.max(0f, Math.min(boxes[4 * p + 3], boxes[4 * q + 3]) - Math.max(boxes[4 * p + 1], boxes[4 * q + 1]));
        float inter = iw * ih;
        float union = area(boxes, p) + area(boxes, q) - inter;
        return union > 0 ? inter / union : 0f;
    }

    private static float area(float[] boxes, int p) {
        return (boxes[4 * p + 2] - boxes[4 * p]) * (boxes[4 * p + 3] - boxes[4 * p + 1]);
    }
}
