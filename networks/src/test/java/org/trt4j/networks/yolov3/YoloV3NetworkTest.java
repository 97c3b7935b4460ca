package org.trt4j.networks.yolov3;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.WeightCheckError;
import org.trt4j.runtime.graph.WeightSource;
import org.trt4j.weights.darknet.DarknetCfg;
import org.trt4j.weights.npy.NpyArray;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YoloV3NetworkTest {

    static WeightSource goldenWeights() throws IOException {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, NpyArray> e : Golden.weights().entrySet()) m.put(e.getKey(), e.getValue().floats());
        return WeightSource.of(m);
    }

    static DarknetCfg shipped(String name) throws IOException {
        try (InputStream in = YoloV3Network.class.getResourceAsStream(name)) {
            return DarknetCfg.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void slimCfgUsesEveryGoldenWeightAndGivesThreeHeads() throws IOException {
        var d = YoloV3Network.define(DarknetCfg.parse(Golden.CFG), goldenWeights(), 128, Shape.DYNAMIC,
                YoloV3Network.Outputs.RAW_AND_DECODED);
        assertTrue(d.weights().check().isEmpty(), "unused weights");
        Network n = d.network();
        assertEquals(Shape.parse("?x255x4x4"), n.output("head0").shape());
        assertEquals(Shape.parse("?x255x8x8"), n.output("head1").shape());
        assertEquals(Shape.parse("?x255x16x16"), n.output("head2").shape());
        assertEquals(Shape.parse("?x1008x4"), n.output("boxes").shape());
        assertEquals(Shape.parse("?x1008x80"), n.output("scores").shape());
        assertEquals(32, d.heads().get(0).stride());
        assertEquals(8, d.heads().get(2).stride());
        assertEquals(116f, d.heads().get(0).anchorW()[0]);
        assertEquals(13f, d.heads().get(2).anchorH()[0]);
        assertTrue(n.layers().stream().anyMatch(l -> l.name().equals("module_list.0.Conv2d")));
        assertTrue(n.layers().stream().anyMatch(l -> l.name().equals("module_list.105.Conv2d")));
    }

    @Test
    void fullYoloV3At608HasTheDarknetShapesAndParameterCount() throws IOException {
        var d = YoloV3Network.define(shipped("yolov3.cfg"), WeightSource.empty(), 608, Shape.DYNAMIC, YoloV3Network.Outputs.RAW);
        assertEquals(Shape.parse("?x255x19x19"), d.network().output("head0").shape());
        assertEquals(Shape.parse("?x255x76x76"), d.network().output("head2").shape());
        // 72 convolutions with batch norm (weight + 4 BN tensors) and 3 heads (weight + bias)
        var e = assertThrows(WeightCheckError.class, () -> d.weights().check());
        assertTrue(e.getMessage().contains("366 missing key(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("module_list.105.Conv2d.bias  expected 255"), e.getMessage());
    }

    @Test
    void tinyCfgBuildsWithMaxPools() throws IOException {
        var d = YoloV3Network.define(shipped("yolov3-tiny.cfg"), WeightSource.empty(), 416, 1, YoloV3Network.Outputs.RAW);
        assertEquals(Shape.parse("1x255x13x13"), d.network().output("head0").shape());
        assertEquals(Shape.parse("1x255x26x26"), d.network().output("head1").shape());
    }

    @Test
    void rejectsInputSizesThatAreNotMultiplesOf32() throws IOException {
        var e = assertThrows(UserError.class, () -> YoloV3Network.define(DarknetCfg.parse(Golden.CFG), goldenWeights(), 100,
                1, YoloV3Network.Outputs.RAW));
        assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
    }
}
