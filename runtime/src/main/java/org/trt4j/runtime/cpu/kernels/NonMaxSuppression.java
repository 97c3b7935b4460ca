package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.cpu.HostTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-class non-maximum suppression with a fixed-size output (the IR's NonMaxSuppression op; TensorRT: its NMS layer
 * followed by a per-image top-k). Per image and class, boxes scoring above the threshold are visited by descending
 * score (ties: lower box index); a box is kept unless its IoU with an already kept box of its class exceeds the IoU
 * threshold; at most maxPerClass per class. All classes' kept boxes, sorted by score (ties: lower class, then box),
 * give the first maxDetections rows; the rest are zero.
 */
public final class NonMaxSuppression {
    private NonMaxSuppression() {}

    /**
     * @param boxes  [n, b, 4] corner boxes (x1, y1, x2, y2)
     * @param scores [n, b, c] class scores
     * @return count [n] INT32, boxes [n, k, 4], scores [n, k], classes [n, k] INT32 (k = maxDetections)
     */
    public static HostTensor[] nms(HostTensor boxes, HostTensor scores, float scoreThreshold, float iouThreshold,
                                   int maxPerClass, int maxDetections) {
        int[] bs = boxes.shape(), ss = scores.shape();
        if (bs.length != 3 || bs[2] != 4 || ss.length != 3 || bs[0] != ss[0] || bs[1] != ss[1])
            throw new UserError("non-maximum suppression: boxes " + boxes + " must be N x B x 4 and scores " + scores + " N x B x C");
        if (maxPerClass < 1 || maxDetections < 1)
            throw new UserError("non-maximum suppression: max per class " + maxPerClass + " and max detections " + maxDetections + " must be >= 1");
        float[] box = boxes.asFloats(), score = scores.asFloats();
        int n = bs[0], b = bs[1], c = ss[2], k = maxDetections;
        int[] count = new int[n], outClasses = new int[n * k];
        float[] outBoxes = new float[n * k * 4], outScores = new float[n * k];
        for (int i = 0; i < n; i++) {
            List<int[]> kept = new ArrayList<>(); // {class, box}
            List<List<Integer>> perClass = candidates(score, i, b, c, scoreThreshold);
            for (int cls = 0; cls < c; cls++) {
                Integer[] cand = perClass.get(cls).toArray(new Integer[0]);
                int base = i * b * c + cls;
                Arrays.sort(cand, (p, q) -> {
                    int byScore = Float.compare(score[base + q * c], score[base + p * c]);
                    return byScore != 0 ? byScore : Integer.compare(p, q);
                });
                List<Integer> chosen = new ArrayList<>();
                for (int j : cand) {
                    if (chosen.size() == maxPerClass) break;
                    boolean keep = true;
                    for (int prev : chosen)
                        if (iou(box, i * b + j, i * b + prev) > iouThreshold) { keep = false; break; }
                    if (keep) chosen.add(j);
                }
                for (int j : chosen) kept.add(new int[]{cls, j});
            }
            int image = i;
            kept.sort((p, q) -> {
                int byScore = Float.compare(score[(image * b + q[1]) * c + q[0]], score[(image * b + p[1]) * c + p[0]]);
                if (byScore != 0) return byScore;
                return p[0] != q[0] ? Integer.compare(p[0], q[0]) : Integer.compare(p[1], q[1]);
            });
            count[i] = Math.min(k, kept.size());
            for (int r = 0; r < count[i]; r++) {
                int[] hit = kept.get(r);
                int row = i * k + r;
                System.arraycopy(box, (i * b + hit[1]) * 4, outBoxes, row * 4, 4);
                outScores[row] = score[(i * b + hit[1]) * c + hit[0]];
                outClasses[row] = hit[0];
            }
        }
        return new HostTensor[]{HostTensor.ofInts(count, n), HostTensor.of(outBoxes, n, k, 4), HostTensor.of(outScores, n, k),
                HostTensor.ofInts(outClasses, n, k)};
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
