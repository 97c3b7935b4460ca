package org.trt4j.networks.yolov3;

import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The CI goldens written by src/test/python/make_yolov3.py. */
final class Golden {
    static final Path DIR = Path.of("src/test/resources/golden/yolov3");
    static final Path CFG = DIR.resolve("yolov3-slim16.cfg");
    static final Path DARKNET_WEIGHTS = DIR.resolve("yolov3-slim16.weights");
    static final int SIZE = 128;

    private Golden() {}

    static Map<String, NpyArray> heads() throws IOException { return Npz.read(DIR.resolve("heads.npz")); }

    static Map<String, NpyArray> weights() throws IOException { return Npz.read(DIR.resolve("weights.npz")); }

    static NmsSettings nmsSettings(Map<String, NpyArray> g) {
        float[] t = g.get("thresholds").floats();
        int[] l = g.get("limits").ints();
        return new NmsSettings(t[0], t[1], l[0], l[1]);
    }

    /** Asserts equal counts and classes and close boxes/scores, row by row. */
    static void assertSameDetections(Map<String, NpyArray> g, Detections d, float boxTolerance) {
        int[] count = g.get("det_count").ints();
        float[] boxes = g.get("det_boxes").floats(), scores = g.get("det_scores").floats();
        int[] classes = g.get("det_classes").ints();
        org.junit.jupiter.api.Assertions.assertArrayEquals(count, d.count(), "detection counts");
        org.junit.jupiter.api.Assertions.assertArrayEquals(classes, d.classes(), "detection classes");
        for (int i = 0; i < scores.length; i++)
            org.junit.jupiter.api.Assertions.assertEquals(scores[i], d.scores()[i], 1e-5f, "score row " + i);
        for (int i = 0; i < boxes.length; i++)
            org.junit.jupiter.api.Assertions.assertEquals(boxes[i], d.boxes()[i],
                    boxTolerance * Math.max(1f, Math.abs(boxes[i])), "box value " + i);
    }
}
