package org.trt4j.runtime.nn;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.WeightCheckError;
import org.trt4j.weights.WeightMap;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Module paths as layer names and state_dict keys; the strict weight check. */
class ModuleTest {

    private static WeightMap tinyWeights(String... skip) {
        WeightMap.Builder b = WeightMap.builder("tiny.wts");
        Object[][] keys = {
                {"stem.0.weight", 216}, {"stem.1.weight", 8}, {"stem.1.bias", 8}, {"stem.1.running_mean", 8},
                {"stem.1.running_var", 8}, {"stem.1.num_batches_tracked", 1}, {"branch.weight", 32}, {"branch.bias", 4},
                {"up.weight", 64}, {"up.bias", 4}, {"head.weight", 288}, {"head.bias", 2}, {"fc.weight", 80}, {"fc.bias", 5}};
        outer:
        for (Object[] k : keys) {
            for (String s : skip) if (s.equals(k[0])) continue outer;
            float[] v = new float[(int) k[1]];
            if (((String) k[0]).endsWith("running_var")) java.util.Arrays.fill(v, 1f);
            b.put((String) k[0], v);
        }
        return b.build();
    }

    private static Network define(WeightMap weights) {
        Network net = new Network("tiny", weights);
        try (var s = net.makeCurrent()) {
            new TinyNet().define(net.addInput("x", DType.FLOAT, Shape.of(1, 3, 8, 10)));
        }
        return net;
    }

    @Test void layersAreNamedByModulePath() {
        Network net = define(tinyWeights());
        List<String> names = net.layers().stream().map(Layer::name).toList();
        assertEquals(List.of("stem.0", "stem.1", "stem.2.relu", "maxpool", "branch", "leaky_relu", "resize", "up", "cat", "head", "sigmoid", "mean",
                "fc.weight", "fc", "fc.bias", "fc.add_bias"), names);
        assertEquals("Convolution", net.layer("stem.0").op().kind());
        assertEquals("Scale", net.layer("stem.1").op().kind());
        assertEquals("Deconvolution", net.layer("up").op().kind());
        assertEquals("MatMul", net.layer("fc").op().kind());
        assertEquals("1x2x8x10", net.output("out").shape().toString());
        assertEquals("1x5", net.output("logits").shape().toString());
        assertEquals(List.of(), net.weights().check());
        // parameters: conv weights + folded scale/shift (8+8) + branch + up + head + fc
        assertEquals(216 + 16 + 36 + 68 + 290 + 85, net.parameterCount());
    }

    @Test void strictCheckListsEveryMissingKeyWithShapeAndUnusedKeys() {
        WeightMap w = WeightMap.builder("bad.wts")
                .put("stem.0.weight", new float[216]).put("stem.1.weight", new float[8]).put("stem.1.bias", new float[8])
                .put("stem.1.running_mean", new float[8]).put("stem.1.running_var", new float[8])
                .put("branch.weight", new float[33]).put("branch.bias", new float[4]).put("up.weight", new float[64])
                .put("head.weight", new float[288]).put("head.bias", new float[2]).put("fc.weight", new float[80])
                .put("fc.bias", new float[5]).put("classifier.weight", new float[3]).build();
        Network net = define(w);
        WeightCheckError e = assertThrows(WeightCheckError.class, () -> net.weights().check());
        assertEquals("bad.wts: the weights do not fit the network:\n"
                + "  1 missing key(s):\n"
                + "    up.bias  expected 4\n"
                + "  1 key(s) with the wrong element count:\n"
                + "    branch.weight  has 33 values, expected 32 (4x8x1x1)\n"
                + "  1 unused key(s):\n"
                + "    classifier.weight  (3 values)", e.getMessage());
    }

    @Test void numBatchesTrackedIsNotReportedUnused() {
        Network net = define(tinyWeights());
        assertFalse(net.weights().unusedKeys().contains("stem.1.num_batches_tracked"));
    }

    @Test void everyMissingKeyIsListed() {
        Network net = define(tinyWeights("stem.1.running_mean", "head.weight", "fc.bias"));
        String msg = assertThrows(WeightCheckError.class, () -> net.weights().check()).getMessage();
        assertTrue(msg.contains("3 missing key(s):\n    stem.1.running_mean  expected 8\n    head.weight  expected 2x16x3x3\n    fc.bias  expected 5"), msg);
    }

    @Test void convBnActWithoutBatchNormIsAConvolutionWithBiasAndTheActivation() {
        WeightMap weights = WeightMap.builder("darknet.wts").put("module_list.5.Conv2d.weight", new float[4 * 3]).put("module_list.5.Conv2d.bias", new float[4]).build();
        Network net = new Network("head", weights);
        try (var s = net.makeCurrent()) {
            Sequential list = new Sequential("module_list", new ConvBnAct("5", new Conv2d("Conv2d", 3, 4, 1), null, F::sigmoid));
            net.markOutput("y", list.call(net.addInput("x", DType.FLOAT, Shape.of(1, 3, 2, 2))));
        }
        assertTrue(net.weights().check().isEmpty());
        assertEquals(List.of("module_list.5.Conv2d", "module_list.5.sigmoid"), net.layers().stream().map(Layer::name).toList());
        assertInstanceOf(Op.Convolution.class, net.layers().get(0).op());
        assertInstanceOf(Op.Activation.class, net.layers().get(1).op());
    }

    @Test void hundredsOfMissingKeysAreSummarized() {
        // a network given the wrong file misses every key: the first few are listed, then the count of the rest
        Network net = new Network("many", WeightMap.builder("other.wts").put("unrelated", new float[1]).build());
        try (var scope = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.parse("1x1x4x4"));
            for (int i = 0; i < 300; i++) x = new Conv2d("conv" + i, 1, 1, 1).call(x);
            net.markOutput("y", x);
        }
        String msg = assertThrows(WeightCheckError.class, () -> net.weights().check()).getMessage();
        assertTrue(msg.startsWith("other.wts: the weights do not fit the network:\n  600 missing key(s):\n    conv0.weight  expected 1x1x1x1\n"), msg);
        assertTrue(msg.contains("\n    ... and 590 more\n  1 unused key(s):\n    unrelated  (1 values)"), msg);
        assertTrue(msg.lines().count() < 20, msg);
    }

    @Test void batchNormIsFoldedIntoScaleAndShift() {
        WeightMap w = WeightMap.builder("bn").put("bn.weight", new float[]{2f, 1f}).put("bn.bias", new float[]{0.5f, 0f})
                .put("bn.running_mean", new float[]{1f, -1f}).put("bn.running_var", new float[]{3f, 0f}).build();
        Network net = new Network("bn", w);
        Tensor y;
        try (var s = net.makeCurrent()) {
            BatchNorm2d bn = new BatchNorm2d("bn", 2).eps(1f);
            y = bn.call(net.addInput("x", DType.FLOAT, Shape.of(1, 2, 1, 1)));
        }
        Op.Scale s = (Op.Scale) y.producer().op();
        assertEquals("bn", y.producer().name());
        assertArrayEquals(new float[]{1f, 1f}, s.scale().floats(), 1e-6f);      // 2/sqrt(3+1), 1/sqrt(0+1)
        assertArrayEquals(new float[]{-0.5f, 1f}, s.shift().floats(), 1e-6f);   // 0.5 - 1*1, 0 - (-1)*1
        assertNull(s.power());
    }
}
