package org.trt4j.networks.yolov3;

import org.junit.jupiter.api.Test;
import org.trt4j.plugins.BatchedNms;
import org.trt4j.plugins.PluginOps;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.trt.ShapeRange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The in-network decode (CPU backend) + NMS on synthetic heads that encode known boxes. */
class DecodeNmsTest {
    static final int SIZE = 128;

    /** YOLOv3's three heads at 128x128 (strides 32, 16, 8; Darknet's anchors and masks). */
    static List<YoloHead> heads() {
        return List.of(
                new YoloHead(82, new float[]{116, 156, 373}, new float[]{90, 198, 326}, 80, 4, 4, 32),
                new YoloHead(94, new float[]{30, 62, 59}, new float[]{61, 45, 119}, 80, 8, 8, 16),
                new YoloHead(106, new float[]{10, 16, 33}, new float[]{13, 30, 23}, 80, 16, 16, 8));
    }

    /** A network whose inputs are the raw heads and whose outputs are boxes and scores. */
    static Network decodeNetwork(List<YoloHead> heads) {
        Network net = new Network("yolov3-decode");
        try (var scope = net.makeCurrent()) {
            List<Tensor> raw = new ArrayList<>();
            for (int i = 0; i < heads.size(); i++) {
                YoloHead h = heads.get(i);
                raw.add(net.addInput("head" + i, DType.FLOAT, Shape.of(Shape.DYNAMIC, h.channels(), h.gridH(), h.gridW())));
            }
            Tensor[] out = YoloDecode.define(net, raw, heads);
            net.markOutput("boxes", out[0]);
            net.markOutput("scores", out[1]);
        }
        return net;
    }

    /** Two images: overlapping boxes of one class (one must go), the same box in another class (kept), small boxes. */
    static SyntheticHeads scene() {
        return new SyntheticHeads(heads(), 2)
                .plant(0, 0, 0, 1, 1, 0.5f, 0.5f, 60, 50, 16, 0.95f)     // dog at (48, 48)
                .plant(0, 1, 1, 2, 2, 0.9f, 0.9f, 58, 48, 16, 0.90f)     // the same dog from another head: suppressed
                .plant(0, 1, 1, 2, 2, 0.9f, 0.9f, 58, 48, 15, 0.80f)     // cat on the same spot (other class): kept
                .plant(0, 2, 2, 12, 3, 0.25f, 0.75f, 20, 30, 0, 0.85f)   // small person
                .plant(1, 2, 0, 8, 8, 0.5f, 0.5f, 12, 14, 39, 0.75f)     // bottle in image 1
                .plant(1, 0, 2, 3, 0, 0.1f, 0.2f, 300, 280, 2, 0.72f);   // car, bigger than the image
    }

    /** Adds the NMS plugin op (score 0.3, IoU 0.45, 10 rows) after the decode and marks its four outputs det_*. */
    static void addNms(Network net) {
        try (var scope = net.makeCurrent()) {
            var d = PluginOps.nonMaxSuppression(net.output("boxes"), net.output("scores"), new BatchedNms.Settings(0.3f, 0.45f, 100, 10));
            net.markOutput("det_count", d.count());
            net.markOutput("det_boxes", d.boxes());
            net.markOutput("det_scores", d.scores());
            net.markOutput("det_classes", d.classes());
        }
    }

    /** Profiles from batch 1 up to the inputs' own batch, the other dimensions fixed. */
    static Map<String, ShapeRange> batchProfiles(Map<String, HostTensor> inputs) {
        Map<String, ShapeRange> profiles = new LinkedHashMap<>();
        inputs.forEach((name, t) -> {
            int[] one = t.shape().clone();
            one[0] = 1;
            profiles.put(name, new ShapeRange(one, t.shape(), t.shape()));
        });
        return profiles;
    }

    static Map<String, HostTensor> inputs(SyntheticHeads s) {
        Map<String, HostTensor> in = new LinkedHashMap<>();
        for (int i = 0; i < s.heads.size(); i++) {
            YoloHead h = s.heads.get(i);
            in.put("head" + i, HostTensor.of(s.values[i], s.batch, h.channels(), h.gridH(), h.gridW()));
        }
        return in;
    }

    static Detections detect(Map<String, HostTensor> decoded, NmsSettings settings) {
        HostTensor scores = decoded.get("scores");
        return Nms.run(decoded.get("boxes").floats(), scores.floats(), scores.shape()[0], scores.shape()[1], scores.shape()[2], settings);
    }

    @Test
    void decodeAndNmsFindThePlantedBoxes() {
        SyntheticHeads s = scene();
        Map<String, HostTensor> out = new CpuBackend().run(decodeNetwork(s.heads), inputs(s));
        Detections d = detect(out, new NmsSettings(0.3f, 0.45f, 100, 10));
        List<Detection> image0 = s.planted.get(0), image1 = s.planted.get(1);
        assertDetections(List.of(image0.get(0), image0.get(3), image0.get(2)), d.of(0));
        assertDetections(List.of(image1.get(0), image1.get(1)), d.of(1));
    }

    @Test
    void theNmsPluginOpOnTheCpuBackendFindsThePlantedBoxesWithZeroPadding() {
        SyntheticHeads s = scene();
        Network net = decodeNetwork(s.heads);
        addNms(net);
        Detections d = YoloV3CpuGoldenTest.detections(new CpuBackend().run(net, inputs(s)), 10);
        assertDetections(List.of(s.planted.get(0).get(0), s.planted.get(0).get(3), s.planted.get(0).get(2)), d.of(0));
        assertDetections(List.of(s.planted.get(1).get(0), s.planted.get(1).get(1)), d.of(1));
        for (int row = 3; row < 10; row++) {
            assertEquals(0f, d.scores()[row]);
            assertEquals(0, d.classes()[row]);
            for (int c = 0; c < 4; c++) assertEquals(0f, d.boxes()[4 * row + c]);
        }
    }

    @Test
    void scoreThresholdDropsWeakBoxes() {
        SyntheticHeads s = scene();
        Map<String, HostTensor> out = new CpuBackend().run(decodeNetwork(s.heads), inputs(s));
        Detections d = detect(out, new NmsSettings(0.7f, 0.45f, 100, 10));
        assertDetections(List.of(s.planted.get(0).get(0), s.planted.get(0).get(3)), d.of(0));
        assertEquals(0, d.count()[1]);
    }

    static void assertDetections(List<Detection> expected, List<Detection> actual) {
        assertEquals(expected.size(), actual.size(), "detections " + actual);
        for (int i = 0; i < expected.size(); i++) {
            Detection e = expected.get(i), a = actual.get(i);
            assertEquals(e.classId(), a.classId(), "class of row " + i);
            assertEquals(e.score(), a.score(), 1e-4f, "score of row " + i);
            float[] eb = {e.x1(), e.y1(), e.x2(), e.y2()}, ab = {a.x1(), a.y1(), a.x2(), a.y2()};
            for (int k = 0; k < 4; k++) assertEquals(eb[k], ab[k], 1e-3f * SIZE, "box of row " + i + " " + a);
        }
    }
}
