package org.trt4j.networks.yolov3;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.plugins.BatchedNms;
import org.trt4j.plugins.BatchedNmsSpec;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.WeightCheckError;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.npy.NpyArray;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YoloV3NetworkTest {

    static WeightMap goldenWeights() throws IOException {
        WeightMap.Builder b = WeightMap.builder("weights.npz");
        for (Map.Entry<String, NpyArray> e : Golden.weights().entrySet()) b.put(e.getKey(), e.getValue().floats(), e.getValue().shape());
        return b.build();
    }

    /** The slim CI network at 128x128, batch up to 2, with the golden's NMS settings for heads=detections. */
    static DefinedNetwork slim(String heads) throws IOException {
        NmsSettings nms = Golden.nmsSettings(Golden.heads());
        return NetworkRegistry.define("yolov3", goldenWeights(),
                Map.of("cfg", Golden.CFG.toString(), "input", "128", "batch", "2", "heads", heads,
                        "score", String.valueOf(nms.scoreThreshold()), "iou", String.valueOf(nms.iouThreshold()),
                        "max", String.valueOf(nms.maxDetections()), "per_class", String.valueOf(nms.maxPerClass())), Map.of());
    }

    @Test
    void slimCfgUsesEveryGoldenWeightAndGivesThreeHeadsAndDecodedOutputs() throws IOException {
        DefinedNetwork d = slim("all");
        assertTrue(d.unusedWeights().isEmpty(), "unused weights " + d.unusedWeights());
        Network n = d.network();
        assertEquals(Shape.parse("?x255x4x4"), n.output("head0").shape());
        assertEquals(Shape.parse("?x255x8x8"), n.output("head1").shape());
        assertEquals(Shape.parse("?x255x16x16"), n.output("head2").shape());
        assertEquals(Shape.parse("?x1008x4"), n.output("boxes").shape());
        assertEquals(Shape.parse("?x1008x80"), n.output("scores").shape());
        assertEquals(Shape.parse("?"), n.output("det_count").shape());
        assertEquals(Shape.parse("?x50x4"), n.output("det_boxes").shape());
        assertEquals(Shape.parse("?x50"), n.output("det_classes").shape());
        assertEquals(Shape.parse("2x3x128x128"), d.inputs().get(0).max());
        assertTrue(n.layers().stream().anyMatch(l -> l.name().equals("module_list.0.Conv2d")));
        assertTrue(n.layers().stream().anyMatch(l -> l.name().equals("module_list.105.Conv2d")));
    }

    @Test
    void nmsIsTheBatchedNmsPluginWithTheBuildOptions() throws IOException {
        Map<String, String> options = Map.of("cfg", Golden.CFG.toString(), "input", "128", "heads", "detections",
                "score", "0.4", "iou", "0.5", "max", "30", "per_class", "7", "candidates", "512");
        Network n = NetworkRegistry.define("yolov3", goldenWeights(), options, Map.of()).network();
        var nms = n.layers().stream().filter(l -> l.name().equals("nms")).findFirst().orElseThrow();
        var op = assertInstanceOf(Op.Plugin.class, nms.op());
        var spec = assertInstanceOf(BatchedNmsSpec.class, op.spec());
        assertEquals(new BatchedNms.Settings(0.4f, 0.5f, 7, 30, 512), spec.settings());
        var bad = assertThrows(UserError.class, () -> NetworkRegistry.define("yolov3", goldenWeights(),
                Map.of("cfg", Golden.CFG.toString(), "input", "128", "candidates", "5000"), Map.of()));
        assertTrue(bad.getMessage().contains("candidates"), bad.getMessage());
    }

    @Test
    void fullYoloV3At608HasTheDarknetHeadsAndWeightKeys() {
        var e = assertThrows(WeightCheckError.class, () -> NetworkRegistry.define("yolov3", WeightMap.builder("no weights").build(),
                Map.of("input", "608", "heads", "raw"), Map.of()));
        // 72 convolutions with batch norm (weight + 4 BN tensors) and 3 heads (weight + bias)
        assertTrue(e.getMessage().contains("366 missing key(s)"), e.getMessage());
        assertEquals(366, e.missingKeys().size());
        assertEquals("255", e.missingKeys().get("module_list.105.Conv2d.bias").toString());
        assertTrue(e.getMessage().contains("module_list.0.Conv2d.weight  expected 32x3x3x3"), e.getMessage());
    }

    @Test
    void tinyCfgBuildsWithMaxPools() {
        var e = assertThrows(WeightCheckError.class, () -> NetworkRegistry.define("yolov3", WeightMap.builder("no weights").build(),
                Map.of("input", "416", "heads", "raw", "cfg", "yolov3-tiny.cfg"), Map.of()));
        // 11 BN convolutions x 5 tensors + 2 heads x 2
        assertTrue(e.getMessage().contains("59 missing key(s)"), e.getMessage());
        assertEquals("255x256x1x1", e.missingKeys().get("module_list.22.Conv2d.weight").toString());
    }

    @Test
    void rejectsInputSizesThatAreNotMultiplesOf32() {
        var e = assertThrows(UserError.class, () -> slimWithInput("100"));
        assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
    }

    private static void slimWithInput(String input) throws IOException {
        NetworkRegistry.define("yolov3", goldenWeights(), Map.of("cfg", Golden.CFG.toString(), "input", input), Map.of());
    }
}
