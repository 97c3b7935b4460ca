package org.trt4j.plugins;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.plugins.bench.BenchData;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CPU reference of the BatchedNms plugin: equal to the classic per-class greedy NMS plus a global sort whenever
 * the candidates bound does not bind, the documented exactness cases of the bound, and tie order, zero-area boxes,
 * per-class caps and settings checks.
 */
class BatchedNmsReferenceTest {

    /** What one image's NMS gives: rows of (class, box index), and the output tensors. */
    record Result(int[] count, float[] boxes, float[] scores, int[] classes, int k) {
        static Result of(HostTensor[] out, int k) {
            return new Result(out[0].ints(), out[1].floats(), out[2].floats(), out[3].ints(), k);
        }

        /** Image i's first {@code rows} rows as (score bits, class, box values) strings, for prefix comparisons. */
        List<String> rows(int i, int rows) {
            List<String> r = new ArrayList<>();
            for (int j = 0; j < rows; j++) {
                int row = i * k + j;
                r.add(Float.floatToRawIntBits(scores[row]) + " " + classes[row] + " " + Arrays.toString(Arrays.copyOfRange(boxes, 4 * row, 4 * row + 4)));
            }
            return r;
        }
    }

    static Result run(float[] boxes, float[] scores, int n, int b, int c, BatchedNms.Settings s) {
        return Result.of(BatchedNms.apply(HostTensor.of(boxes, n, b, 4), HostTensor.of(scores, n, b, c), s), s.maxDetections());
    }

    /**
     * The classic formulation, written independently: per class, greedy by descending score (ties: lower box), at
     * most maxPerClass; all kept sorted by score (ties: lower class, then box); the first K rows. No candidates bound.
     */
    static Result classic(float[] box, float[] score, int n, int b, int c, float scoreThreshold, float iouThreshold, int maxPerClass, int k) {
        int[] count = new int[n], outClasses = new int[n * k];
        float[] outBoxes = new float[n * k * 4], outScores = new float[n * k];
        for (int i = 0; i < n; i++) {
            List<int[]> kept = new ArrayList<>();
            for (int cls = 0; cls < c; cls++) {
                List<Integer> cand = new ArrayList<>();
                for (int j = 0; j < b; j++) if (score[(i * b + j) * c + cls] > scoreThreshold) cand.add(j);
                int image = i, klass = cls;
                cand.sort((p, q) -> {
                    int byScore = Float.compare(score[(image * b + q) * c + klass], score[(image * b + p) * c + klass]);
                    return byScore != 0 ? byScore : Integer.compare(p, q);
                });
                List<Integer> chosen = new ArrayList<>();
                for (int j : cand) {
                    if (chosen.size() == maxPerClass) break;
                    boolean keep = true;
                    for (int prev : chosen) if (BatchedNms.iou(box, i * b + j, i * b + prev) > iouThreshold) { keep = false; break; }
                    if (keep) chosen.add(j);
                }
                for (int j : chosen) kept.add(new int[]{cls, j});
            }
            int image = i;
            kept.sort((p, q) -> {
                int byScore = Float.compare(score[(image * b + q[1]) * c + q[0]], score[(image * b + p[1]) * c + p[0]]);
                return byScore != 0 ? byScore : p[0] != q[0] ? Integer.compare(p[0], q[0]) : Integer.compare(p[1], q[1]);
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
        return new Result(count, outBoxes, outScores, outClasses, k);
    }

    static void assertSame(Result expected, Result actual, String what) {
        assertArrayEquals(expected.count(), actual.count(), what + ": counts");
        assertArrayEquals(expected.classes(), actual.classes(), what + ": classes");
        assertArrayEquals(expected.scores(), actual.scores(), what + ": scores");
        assertArrayEquals(expected.boxes(), actual.boxes(), what + ": boxes");
    }

    /** Scores from a few distinct values, so ties across boxes and classes are common. */
    static float[] tiedScores(int n, int b, int c, long seed) {
        Random r = new Random(seed);
        float[] levels = {0.2f, 0.6f, 0.6f, 0.75f, 0.9f, 1f};
        float[] s = new float[n * b * c];
        for (int i = 0; i < s.length; i++) s[i] = levels[r.nextInt(levels.length)];
        return s;
    }

    @Test void equalsTheClassicFormulationWhenTheBoundDoesNotBind() {
        for (long seed = 1; seed <= 12; seed++) {
            int n = 1 + (int) (seed % 3), b = 40 + (int) seed * 7, c = 1 + (int) (seed % 5);
            float[] boxes = BenchData.detectionBoxes(n, b, 128, seed);
            float[] scores = seed % 2 == 0 ? tiedScores(n, b, c, seed) : BenchData.saturatedScores(n, b, c, 30, seed);
            int perClass = 1 + (int) (seed % 4), k = 5 + (int) (seed % 3) * 20;
            Result expected = classic(boxes, scores, n, b, c, 0.5f, 0.45f, perClass, k);
            assertSame(expected, run(boxes, scores, n, b, c, new BatchedNms.Settings(0.5f, 0.45f, perClass, k)), "seed " + seed);
        }
    }

    @Test void boundedResultIsAlwaysAPrefixOfTheUnboundedOne() {
        int n = 2, b = 300, c = 4; // 2400 pairs, most above the threshold
        float[] boxes = BenchData.detectionBoxes(n, b, 200, 5);
        float[] scores = tiedScores(n, b, c, 5);
        Result unbounded = run(boxes, scores, n, b, c, new BatchedNms.Settings(0.5f, 0.3f, 1000, 500, 4096));
        for (int candidates : new int[] {1, 7, 64, 300, 2000}) {
            Result bounded = run(boxes, scores, n, b, c, new BatchedNms.Settings(0.5f, 0.3f, 1000, 500, candidates));
            for (int i = 0; i < n; i++) {
                int rows = bounded.count()[i];
                assertTrue(rows <= unbounded.count()[i] && rows <= candidates, "candidates " + candidates + ": count " + rows);
                assertEquals(unbounded.rows(i, rows), bounded.rows(i, rows), "candidates " + candidates + ", image " + i);
            }
        }
    }

    @Test void exactWhenTheKeptDetectionsInsideTheCandidatesReachK() {
        // All 20000 pairs pass; far-apart boxes are never suppressed, so the first K candidates are all kept.
        int b = 5000, c = 4, k = 50;
        float[] boxes = new float[b * 4];
        for (int j = 0; j < b; j++) {
            boxes[4 * j] = 10 * j;
            boxes[4 * j + 1] = 0;
            boxes[4 * j + 2] = 10 * j + 5;
            boxes[4 * j + 3] = 5;
        }
        float[] scores = BenchData.saturatedScores(1, b, c, 50, 9);
        for (int i = 0; i < scores.length; i++) scores[i] = Math.max(scores[i], 0.6f);
        Result expected = classic(boxes, scores, 1, b, c, 0.5f, 0.5f, k, k);
        for (int candidates : new int[] {k, 100, 4096}) {
            Result bounded = run(boxes, scores, 1, b, c, new BatchedNms.Settings(0.5f, 0.5f, k, k, candidates));
            assertSame(expected, bounded, "candidates " + candidates + " (" + scores.length + " pairs pass)");
        }
    }

    @Test void exactWhenAtMostCandidatesPairsPass() {
        int n = 3, b = 2000, c = 80;
        float[] boxes = BenchData.detectionBoxes(n, b, 608, 3);
        float[] scores = BenchData.realisticScores(n, b, c, 300, 3); // about 300 pairs per image above 0.5
        Result expected = classic(boxes, scores, n, b, c, 0.5f, 0.45f, 100, 100);
        assertSame(expected, run(boxes, scores, n, b, c, new BatchedNms.Settings(0.5f, 0.45f, 100, 100, 300)), "candidates 300");
    }

    @Test void boundBindsWhenSuppressionEmptiesTheCandidates() {
        // 1000 identical boxes scoring 0.9 in two classes: each class keeps its first box. The 10 best-ranked pairs
        // are all class 0 (ties go to the lower class), so with that bound class 1's row is missing: fewer rows, same
        // prefix.
        int b = 1000;
        float[] boxes = new float[b * 4];
        for (int j = 0; j < b; j++) boxes[4 * j + 2] = boxes[4 * j + 3] = 10;
        float[] scores = new float[b * 2];
        for (int j = 0; j < b; j++) {
            scores[2 * j] = 0.9f;   // class 0: rank first (ties go to the lower class)
            scores[2 * j + 1] = 0.9f;
        }
        Result unbounded = run(boxes, scores, 1, b, 2, new BatchedNms.Settings(0.5f, 0.5f, 100, 10, 4096));
        Result bounded = run(boxes, scores, 1, b, 2, new BatchedNms.Settings(0.5f, 0.5f, 100, 10, 10));
        assertEquals(2, unbounded.count()[0], "one box per class");
        assertEquals(1, bounded.count()[0], "the 10 candidates are all class 0");
        assertEquals(unbounded.rows(0, 1), bounded.rows(0, 1));
    }

    @Test void tiesGoToTheLowerClassThenTheLowerBox() {
        int b = 4, c = 3;
        float[] boxes = rowOfBoxes(b, 100);
        float[] scores = new float[b * c];
        Arrays.fill(scores, 1f);
        Result r = run(boxes, scores, 1, b, c, new BatchedNms.Settings(0.5f, 0.5f, 100, 12, 4096));
        assertEquals(12, r.count()[0]);
        for (int row = 0; row < 12; row++) {
            assertEquals(row / b, r.classes()[row], "class of row " + row);
            assertEquals(100f * (row % b), r.boxes()[4 * row], "box of row " + row);
        }
    }

    @Test void zeroAreaBoxesNeverSuppressEachOther() {
        int b = 3;
        float[] boxes = {5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 10, 0}; // two equal points and a horizontal segment
        float[] scores = {0.9f, 0.8f, 0.7f};
        Result r = run(boxes, scores, 1, b, 1, new BatchedNms.Settings(0.5f, 0f, 100, 5, 4096));
        assertEquals(3, r.count()[0], "IoU of empty unions is 0, not above an IoU threshold of 0");
        assertEquals(0f, BatchedNms.iou(boxes, 0, 1));
    }

    @Test void maxPerClassCapsEachClassAndPadsWithZeros() {
        int b = 10, c = 2;
        float[] boxes = rowOfBoxes(b, 50);
        float[] scores = new float[b * c];
        for (int j = 0; j < b; j++) {
            scores[2 * j] = 0.9f - 0.01f * j;
            scores[2 * j + 1] = 0.6f;
        }
        Result r = run(boxes, scores, 1, b, c, new BatchedNms.Settings(0.5f, 0.5f, 3, 8, 4096));
        assertEquals(6, r.count()[0]);
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 0, 0}, r.classes());
        for (int row = 6; row < 8; row++) {
            assertEquals(0f, r.scores()[row]);
            for (int v = 0; v < 4; v++) assertEquals(0f, r.boxes()[4 * row + v]);
        }
    }

    @Test void settingsAreCheckedByFieldName() {
        assertMessage("score_threshold", () -> new BatchedNms.Settings(-0.1f, 0.5f, 1, 1));
        assertMessage("score_threshold", () -> new BatchedNms.Settings(Float.NaN, 0.5f, 1, 1));
        assertMessage("score_threshold", () -> new BatchedNms.Settings(Float.POSITIVE_INFINITY, 0.5f, 1, 1));
        assertMessage("iou_threshold", () -> new BatchedNms.Settings(0.5f, 1.5f, 1, 1));
        assertMessage("max_per_class", () -> new BatchedNms.Settings(0.5f, 0.5f, 0, 1));
        assertMessage("max_detections", () -> new BatchedNms.Settings(0.5f, 0.5f, 1, 0));
        assertMessage("max_detections", () -> new BatchedNms.Settings(0.5f, 0.5f, 1, BatchedNms.MAX_DETECTIONS + 1));
        assertMessage("candidates", () -> new BatchedNms.Settings(0.5f, 0.5f, 1, 1, 0));
        assertMessage("candidates", () -> new BatchedNms.Settings(0.5f, 0.5f, 1, 1, BatchedNms.MAX_CANDIDATES + 1));
    }

    @Test void outputsBeyondAJavaArrayAreAClearErrorNotAnOverflow() {
        // 40000 images x 65536 rows x 4 values: legal for the plugin, more than a Java array holds
        HostTensor boxes = HostTensor.of(new float[40000 * 4], 40000, 1, 4), scores = HostTensor.of(new float[40000], 40000, 1, 1);
        var settings = new BatchedNms.Settings(0.5f, 0.5f, 1, BatchedNms.MAX_DETECTIONS);
        assertMessage("exceed a Java array", () -> BatchedNms.apply(boxes, scores, settings));
    }

    /** b disjoint 10 x 10 boxes in a row, `spacing` apart: none overlaps another. */
    static float[] rowOfBoxes(int b, float spacing) {
        float[] boxes = new float[b * 4];
        for (int j = 0; j < b; j++) {
            boxes[4 * j] = spacing * j;
            boxes[4 * j + 2] = spacing * j + 10;
            boxes[4 * j + 3] = 10;
        }
        return boxes;
    }

    static void assertMessage(String field, org.junit.jupiter.api.function.Executable e) {
        UserError error = assertThrows(UserError.class, e);
        assertTrue(error.getMessage().contains(field), error.getMessage());
    }
}
