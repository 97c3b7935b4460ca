package org.trt4j.plugins;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.plugins.bench.BenchData;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.Precision;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The BatchedNms plugin through TensorRT against its CPU reference, bit for bit (same rows, same order, same
 * zero padding), on ordinary and adversarial scenes: exact ties everywhere, all scores 1.0, zero-area boxes,
 * per-class caps, a binding candidates bound, N = 1 and 8, and YOLOv3 608 size (22743 boxes x 80 classes).
 */
@Tag("gpu")
class BatchedNmsPluginGpuTest {

    /** Runs the engine on n images and asserts every output equals the CPU reference. */
    static void assertMatchesReference(Engine engine, float[] boxes, float[] scores, int n, int b, int c,
                                       BatchedNms.Settings settings, String scene) {
        HostTensor[] expected = NmsPluginNetwork.reference(boxes, scores, n, b, c, settings);
        try (ExecutionSession session = engine.newSession()) {
            session.setInputShape("boxes", n, b, 4).setInputShape("scores", n, b, c);
            session.setInput("boxes", boxes).setInput("scores", scores);
            session.run();
            assertArrayEquals(expected[0].ints(), session.output("count").ints(), scene + ": counts");
            assertArrayEquals(expected[3].ints(), session.output("det_classes").ints(), scene + ": classes");
            assertArrayEquals(expected[2].floats(), session.output("det_scores").floats(), scene + ": scores");
            assertArrayEquals(expected[1].floats(), session.output("det_boxes").floats(), scene + ": boxes");
        }
    }

    static void check(int maxBatch, int b, int c, BatchedNms.Settings settings, Scene... scenes) {
        try (Engine engine = Engine.fromPlan(NmsPluginNetwork.plan(maxBatch, b, c, settings, Precision.FP32))) {
            for (Scene s : scenes) assertMatchesReference(engine, s.boxes, s.scores, s.n, b, c, settings, s.name);
        }
    }

    record Scene(String name, int n, float[] boxes, float[] scores) {}

    static float[] ties(int n, int b, int c, long seed) {
        return BatchedNmsReferenceTest.tiedScores(n, b, c, seed);
    }

    static float[] constant(int length, float value) {
        float[] s = new float[length];
        Arrays.fill(s, value);
        return s;
    }

    @Test void ordinaryAndTiedScenesAtBatch1And8() {
        int b = 500, c = 6;
        BatchedNms.Settings settings = new BatchedNms.Settings(0.5f, 0.45f, 20, 100);
        check(8, b, c, settings,
                new Scene("random, N=1", 1, BenchData.detectionBoxes(1, b, 256, 1), BenchData.saturatedScores(1, b, c, 0, 1)),
                new Scene("random, N=8", 8, BenchData.detectionBoxes(8, b, 256, 2), BenchData.saturatedScores(8, b, c, 0, 2)),
                new Scene("six score levels, N=8", 8, BenchData.detectionBoxes(8, b, 256, 3), ties(8, b, c, 3)),
                new Scene("all 1.0, N=8", 8, BenchData.detectionBoxes(8, b, 256, 4), constant(8 * b * c, 1f)),
                new Scene("nothing passes, N=3", 3, BenchData.detectionBoxes(3, b, 256, 5), constant(3 * b * c, 0.5f)));
    }

    @Test void zeroAreaBoxesAndPerClassCaps() {
        int b = 64, c = 3;
        float[] boxes = BenchData.detectionBoxes(2, b, 64, 7);
        for (int j = 0; j < 2 * b; j += 3) { // every third box collapses to a point or a segment
            boxes[4 * j + 2] = boxes[4 * j];
            if (j % 2 == 0) boxes[4 * j + 3] = boxes[4 * j + 1];
        }
        float[] scores = ties(2, b, c, 7);
        check(2, b, c, new BatchedNms.Settings(0.1f, 0f, 3, 40), new Scene("IoU threshold 0, cap 3", 2, boxes, scores));
        check(2, b, c, new BatchedNms.Settings(0.1f, 1f, 1, 40), new Scene("IoU threshold 1, cap 1", 2, boxes, scores));
    }

    @Test void bindingCandidatesBoundSelectsExactlyTheReferencePrefix() {
        int b = 3000, c = 10; // 30000 pairs, most pass: the radix select must resolve ties down to the box index
        for (int candidates : new int[] {1, 37, 1000, 4096}) {
            BatchedNms.Settings settings = new BatchedNms.Settings(0.5f, 0.5f, 50, 300, candidates);
            check(2, b, c, settings,
                    new Scene("all 1.0, candidates " + candidates, 2, BenchData.detectionBoxes(2, b, 608, 11), constant(2 * b * c, 1f)),
                    new Scene("six levels, candidates " + candidates, 2, BenchData.detectionBoxes(2, b, 608, 12), ties(2, b, c, 12)));
        }
    }

    @Test void yoloV3At608WithRealisticAndSaturatedScores() {
        int b = BenchData.YOLO_608_BOXES, c = BenchData.COCO_CLASSES; // 1.8M pairs per image
        BatchedNms.Settings settings = new BatchedNms.Settings(0.5f, 0.45f, 100, 100);
        check(2, b, c, settings,
                new Scene("realistic, N=1", 1, BenchData.detectionBoxes(1, b, 608, 21), BenchData.realisticScores(1, b, c, 300, 21)),
                new Scene("saturated 90%, N=2", 2, BenchData.detectionBoxes(2, b, 608, 22), BenchData.saturatedScores(2, b, c, 90, 22)));
    }

    @Test void fp16EngineKeepsFp32NmsInputs() {
        int b = 200, c = 4;
        BatchedNms.Settings settings = new BatchedNms.Settings(0.3f, 0.5f, 10, 30);
        try (Engine engine = Engine.fromPlan(NmsPluginNetwork.plan(1, b, c, settings, Precision.FP16))) {
            assertMatchesReference(engine, BenchData.detectionBoxes(1, b, 128, 31), ties(1, b, c, 31), 1, b, c, settings, "FP16 engine");
        }
    }
}
