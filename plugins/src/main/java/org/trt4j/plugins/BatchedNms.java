package org.trt4j.plugins;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Class-aware non-maximum suppression with a fixed-size output: the CPU reference of the {@code trt4j::BatchedNms}
 * plugin, and the definition of its semantics.
 *
 * <p>Per image, the (box, class) pairs with score &gt; scoreThreshold are ranked by descending score, ties by lower
 * class, then lower box. Only the first {@code candidates} of them take part. Visited in rank order, a pair is kept
 * unless its class already holds maxPerClass kept boxes or its box has IoU &gt; iouThreshold with a kept box of its
 * class. The first maxDetections kept pairs, in rank order, are the rows; rows from the count on are zero.
 *
 * <p>This is the classic per-class greedy NMS followed by a global sort: within one class the rank order is the
 * per-class order (score, then box), and the global order of the kept pairs is the output order.
 *
 * <p>The candidates bound (EfficientNMS and mmdet's nms_pre bound the work the same way) changes nothing whenever at
 * most {@code candidates} pairs pass the threshold, and also whenever maxDetections pairs are kept among the
 * candidates: whether a pair is kept depends only on the higher-ranked pairs of its class, so the candidates (a prefix
 * of the rank order) are decided exactly as without the bound, and the first maxDetections kept pairs are then the
 * same. Otherwise the bound can only drop rows at the end (the count is smaller than without it).
 */
public final class BatchedNms {
    /** The plugin sorts one image's candidates in 32 KiB of GPU shared memory. */
    public static final int MAX_CANDIDATES = 4096;
    public static final int DEFAULT_CANDIDATES = 4096;
    public static final int MAX_DETECTIONS = 65536;

    private BatchedNms() {}

    /** The validated settings of one NMS layer (the plugin's fields). */
    public record Settings(float scoreThreshold, float iouThreshold, int maxPerClass, int maxDetections, int candidates) {
        public Settings {
            if (!(scoreThreshold >= 0) || Float.isInfinite(scoreThreshold))
                throw new UserError("BatchedNms score_threshold " + scoreThreshold + ": must be finite and >= 0");
            if (!(iouThreshold >= 0 && iouThreshold <= 1))
                throw new UserError("BatchedNms iou_threshold " + iouThreshold + ": must be in [0, 1]");
            if (maxPerClass < 1) throw new UserError("BatchedNms max_per_class " + maxPerClass + ": must be >= 1");
            if (maxDetections < 1 || maxDetections > MAX_DETECTIONS)
                throw new UserError("BatchedNms max_detections " + maxDetections + ": must be in 1.." + MAX_DETECTIONS);
            if (candidates < 1 || candidates > MAX_CANDIDATES)
                throw new UserError("BatchedNms candidates " + candidates + ": must be in 1.." + MAX_CANDIDATES);
        }

        /** With the default candidates bound. */
        public Settings(float scoreThreshold, float iouThreshold, int maxPerClass, int maxDetections) {
            this(scoreThreshold, iouThreshold, maxPerClass, maxDetections, DEFAULT_CANDIDATES);
        }
    }

    /**
     * @param boxes  [n, b, 4] corner boxes (x1, y1, x2, y2)
     * @param scores [n, b, c] class scores
     * @return count [n] INT32, boxes [n, k, 4], scores [n, k], classes [n, k] INT32 (k = maxDetections)
     */
    public static HostTensor[] apply(HostTensor boxes, HostTensor scores, Settings s) {
        int[] bs = boxes.shape(), ss = scores.shape();
        if (bs.length != 3 || bs[2] != 4 || ss.length != 3 || bs[0] != ss[0] || bs[1] != ss[1])
            throw new UserError("BatchedNms: boxes " + boxes + " must be N x B x 4 and scores " + scores + " N x B x C");
        if ((long) ss[1] * ss[2] > Integer.MAX_VALUE)
            throw new UserError("BatchedNms: scores " + scores + " hold more than 2^31 - 1 pairs per image");
        float[] box = boxes.asFloats(), score = scores.asFloats();
        int n = bs[0], b = bs[1], c = ss[2], k = s.maxDetections();
        // the GPU takes N x K up to 65535 x 65536; Java arrays end at 2^31 - 1 elements
        if ((long) n * k * 4 > Integer.MAX_VALUE - 8)
            throw new UserError("BatchedNms on the CPU backend: " + n + " images x " + k + " detections x 4 box values exceed a Java array");
        int[] count = new int[n], outClasses = new int[n * k];
        float[] outBoxes = new float[n * k * 4], outScores = new float[n * k];
        for (int i = 0; i < n; i++) {
            long[] ranked = rankedCandidates(score, i, b, c, s.scoreThreshold(), s.candidates());
            int[] keptPerClass = new int[c];
            List<List<Integer>> keptBoxes = new ArrayList<>(c);
            for (int cls = 0; cls < c; cls++) keptBoxes.add(new ArrayList<>());
            int kept = 0;
            for (int r = 0; r < ranked.length && kept < k; r++) {
                int classMajor = classMajor(ranked[r]);
                int cls = classMajor / b, j = classMajor - cls * b;
                if (keptPerClass[cls] == s.maxPerClass()) continue;
                boolean suppressed = false;
                for (int prev : keptBoxes.get(cls))
                    if (iou(box, i * b + j, i * b + prev) > s.iouThreshold()) { suppressed = true; break; }
                if (suppressed) continue;
                keptPerClass[cls]++;
                keptBoxes.get(cls).add(j);
                int row = i * k + kept++;
                System.arraycopy(box, (i * b + j) * 4, outBoxes, row * 4, 4);
                outScores[row] = score[(i * b + j) * c + cls];
                outClasses[row] = cls;
            }
            count[i] = kept;
        }
        return new HostTensor[]{HostTensor.ofInts(count, n), HostTensor.of(outBoxes, n, k, 4), HostTensor.of(outScores, n, k),
                HostTensor.ofInts(outClasses, n, k)};
    }

    /**
     * The rank keys of image i's pairs above the threshold, best first, at most {@code candidates}. A key is the
     * score's IEEE bits (positive floats order like their bits) above {@code 0xFFFFFFFF - (class * B + box)}, so a
     * larger key ranks first: higher score, then lower class, then lower box. The plugin uses the same keys.
     */
    static long[] rankedCandidates(float[] scores, int i, int b, int c, float threshold, int candidates) {
        long[] keys = new long[16];
        int size = 0;
        int base = i * b * c;
        for (int j = 0; j < b; j++)
            for (int cls = 0; cls < c; cls++) {
                float v = scores[base + j * c + cls];
                if (!(v > threshold)) continue;
                if (size == keys.length) keys = Arrays.copyOf(keys, 2 * size);
                keys[size++] = rankKey(v, cls * b + j);
            }
        Arrays.sort(keys, 0, size); // keys are positive: signed order is the unsigned order
        int m = Math.min(size, candidates);
        long[] best = new long[m];
        for (int r = 0; r < m; r++) best[r] = keys[size - 1 - r];
        return best;
    }

    static long rankKey(float score, int classMajor) {
        return ((long) Float.floatToRawIntBits(score) << 32) | (0xFFFFFFFFL - classMajor);
    }

    static int classMajor(long key) {
        return (int) (0xFFFFFFFFL - (key & 0xFFFFFFFFL));
    }

    /** Intersection over union of boxes p and q (indices into the [*, 4] box array); 0 for empty unions. */
    public static float iou(float[] boxes, int p, int q) {
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
