package org.trt4j.networks.yolov3;

import org.junit.jupiter.api.Test;
import org.trt4j.weights.npy.NpyArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NmsTest {

    @Test
    void suppressesOverlapsPerClassAndSortsAcrossClasses() {
        float[] boxes = {
                0, 0, 10, 10,     // 0: class 0 best
                1, 1, 11, 11,     // 1: IoU 0.68 with 0 -> suppressed in class 0, kept in class 1
                50, 50, 60, 60,   // 2: separate
                0, 0, 10, 10.5f,  // 3: below score threshold everywhere
        };
        int b = 4, c = 2;
        float[] scores = new float[b * c];
        scores[0 * c + 0] = 0.9f;
        scores[1 * c + 0] = 0.8f;
        scores[1 * c + 1] = 0.7f;
        scores[2 * c + 0] = 0.6f;
        scores[3 * c + 0] = 0.2f;
        Detections d = Nms.run(boxes, scores, 1, b, c, new NmsSettings(0.3f, 0.5f, 10, 5));
        assertEquals(List.of(
                new Detection(0, 0, 10, 10, 0.9f, 0),
                new Detection(1, 1, 11, 11, 0.7f, 1),
                new Detection(50, 50, 60, 60, 0.6f, 0)), d.of(0));
    }

    @Test
    void limitsPerClassAndInTotal() {
        int b = 6, c = 1;
        float[] boxes = new float[b * 4];
        float[] scores = new float[b];
        for (int j = 0; j < b; j++) {
            boxes[4 * j] = 20 * j;
            boxes[4 * j + 1] = 0;
            boxes[4 * j + 2] = 20 * j + 10;
            boxes[4 * j + 3] = 10;
            scores[j] = 0.5f + 0.05f * j;
        }
        Detections perClass = Nms.run(boxes, scores, 1, b, c, new NmsSettings(0.1f, 0.5f, 2, 10));
        assertEquals(2, perClass.count()[0]);
        assertEquals(100f, perClass.of(0).get(0).x1(), "highest score first");
        Detections total = Nms.run(boxes, scores, 1, b, c, new NmsSettings(0.1f, 0.5f, 10, 3));
        assertEquals(3, total.count()[0]);
        assertEquals(0.65f, total.of(0).get(2).score(), 1e-6);
    }

    @Test
    void equalScoresGoToTheLowerClassThenTheLowerBox() {
        float[] boxes = {
                0, 0, 10, 10,     // 0
                0, 0, 10, 10,     // 1: same box as 0
                30, 30, 40, 40,   // 2
        };
        int b = 3, c = 2;
        float[] scores = new float[b * c];
        scores[0 * c + 1] = 0.6f;
        scores[1 * c + 1] = 0.6f; // ties with box 0 in class 1: box 0 wins, box 1 is suppressed
        scores[2 * c + 0] = 0.6f; // ties across classes: class 0 first
        scores[2 * c + 1] = 0.6f;
        Detections d = Nms.run(boxes, scores, 1, b, c, new NmsSettings(0.5f, 0.5f, 10, 3));
        assertEquals(List.of(
                new Detection(30, 30, 40, 40, 0.6f, 0),
                new Detection(0, 0, 10, 10, 0.6f, 1),
                new Detection(30, 30, 40, 40, 0.6f, 1)), d.of(0));
    }

    @Test
    void matchesThePyTorchReferenceOnTheGoldenHeads() throws Exception {
        Map<String, NpyArray> g = Golden.heads();
        int[] shape = g.get("scores").shape();
        Detections d = Nms.run(g.get("boxes").floats(), g.get("scores").floats(), shape[0], shape[1], shape[2],
                Golden.nmsSettings(g));
        Golden.assertSameDetections(g, d, 0f);
    }
}
