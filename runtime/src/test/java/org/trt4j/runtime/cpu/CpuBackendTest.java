package org.trt4j.runtime.cpu;

import org.trt4j.runtime.tensor.HostTensor;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.MixedNet;
import org.trt4j.runtime.nn.TinyNet;
import org.trt4j.runtime.graph.PluginField;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.graph.ShapeError;
import org.trt4j.runtime.graph.TensorType;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;
import org.trt4j.weights.wts.WtsReader;
import org.trt4j.error.UserError;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A small network defined with modules, run on the CPU backend, against PyTorch (make_network_goldens.py). */
class CpuBackendTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/network");

    @Test void tinyNetworkMatchesPyTorch() throws Exception {
        WeightMap weights = WtsReader.read(GOLDEN.resolve("tiny.wts"));
        Map<String, NpyArray> golden = Npz.read(GOLDEN.resolve("tiny.npz"));
        Network net = new Network("tiny", weights);
        try (var s = net.makeCurrent()) {
            new TinyNet().define(net.addInput("x", DType.FLOAT, Shape.of(1, 3, -1, -1)));
        }
        assertEquals(List.of(), net.weights().check());
        NpyArray x = golden.get("x");
        Map<String, HostTensor> out = new CpuBackend().run(net, Map.of("x", HostTensor.of(x.floats(), x.shape())));
        assertClose(golden.get("out"), out.get("out"), 1e-5f);
        assertClose(golden.get("logits"), out.get("logits"), 1e-5f);
    }

    @Test void mixedOpsMatchPyTorch() throws Exception {
        WeightMap weights = WtsReader.read(GOLDEN.resolve("mixed.wts"));
        Map<String, NpyArray> golden = Npz.read(GOLDEN.resolve("mixed.npz"));
        Network net = new Network("mixed", weights);
        try (var s = net.makeCurrent()) {
            new MixedNet().define(net.addInput("x", DType.FLOAT, Shape.of(1, 4, 8, 8)));
        }
        assertEquals(List.of(), net.weights().check());
        NpyArray x = golden.get("x");
        Map<String, HostTensor> out = new CpuBackend().run(net, Map.of("x", HostTensor.of(x.floats(), x.shape())));
        for (String name : List.of("n", "c", "att", "top_v", "q")) assertClose(golden.get(name), out.get(name), 1e-5f);
        assertArrayEquals(golden.get("top_i").ints(), out.get("top_i").ints());
    }

    @Test void pluginLayersRunTheirJavaImplementation() {
        PluginSpec negate = new PluginSpec() {
            @Override public String pluginName() { return "Negate"; }
            @Override public String pluginVersion() { return "1"; }
            @Override public List<PluginField> fields() { return List.of(PluginField.floats("factor", -1f)); }
            @Override public List<TensorType> outputTypes(List<Tensor> inputs) {
                if (inputs.size() != 1) throw new ShapeError("Negate takes 1 input, got " + inputs.size());
                return List.of(inputs.get(0).type());
            }
            @Override public List<HostTensor> runCpu(List<HostTensor> inputs) {
                float[] v = inputs.get(0).floats().clone();
                for (int i = 0; i < v.length; i++) v[i] = -v[i];
                return List.of(HostTensor.of(v, inputs.get(0).shape()));
            }
        };
        Network net = new Network("plugin");
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(2));
            net.markOutput("y", F.plugin(negate, x).get(0));
            ShapeError e = assertThrows(ShapeError.class, () -> F.plugin(negate, x, x));
            assertEquals("negate_1: Negate takes 1 input, got 2", e.getMessage());
        }
        assertEquals("Plugin Negate", net.layers().get(0).op().kind());
        assertArrayEquals(new float[]{-1f, 2f}, new CpuBackend().run(net, Map.of("x", HostTensor.of(new float[]{1f, -2f}, 2))).get("y").floats());
    }

    @Test void runAllKeepsEveryTensor() throws Exception {
        WeightMap weights = WtsReader.read(GOLDEN.resolve("tiny.wts"));
        Network net = new Network("tiny", weights);
        try (var s = net.makeCurrent()) {
            new TinyNet().define(net.addInput("x", DType.FLOAT, Shape.of(1, 3, 8, 10)));
        }
        Map<Tensor, HostTensor> all = new CpuBackend().runAll(net, Map.of("x", HostTensor.zeros(1, 3, 8, 10)));
        assertEquals(1 + net.layers().stream().mapToInt(l -> l.outputs().size()).sum(), all.size());
        assertArrayEquals(new int[]{1, 8, 4, 5}, all.get(net.layer("maxpool").output(0)).shape());
    }

    @Test void shapeTensorsAreComputedAtRunTime() {
        Network net = new Network("dyn");
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(-1, 2, -1));
            net.markOutput("y", F.slice(F.flatten(x, 1, 2), 1, 1, -1, 2));
            net.markOutput("u", F.squeeze(F.unsqueeze(x, 1), 1));
        }
        float[] v = new float[2 * 2 * 3];
        for (int i = 0; i < v.length; i++) v[i] = i;
        Map<String, HostTensor> out = new CpuBackend().run(net, Map.of("x", HostTensor.of(v, 2, 2, 3)));
        HostTensor y = out.get("y");
        assertArrayEquals(new int[]{2, 2}, y.shape());
        assertArrayEquals(new float[]{1, 3, 7, 9}, y.floats());
        assertArrayEquals(new int[]{2, 2, 3}, out.get("u").shape());
        assertArrayEquals(v, out.get("u").floats());
    }

    @Test void fillGivesArangeAlongOneAxisAtTheRunTimeShape() {
        Network net = new Network("fill");
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, -1, -1));
            net.markOutput("cols", F.arange(F.shapeOf(x), 2, 0.5, 2, DType.FLOAT));
            net.markOutput("rows", F.arange(F.shapeOf(x), -2, -3, 1, DType.INT32));
        }
        Map<String, HostTensor> out = new CpuBackend().run(net, Map.of("x", HostTensor.zeros(1, 2, 3)));
        assertArrayEquals(new int[]{1, 2, 3}, out.get("cols").shape());
        assertArrayEquals(new float[]{0.5f, 2.5f, 4.5f, 0.5f, 2.5f, 4.5f}, out.get("cols").floats());
        assertEquals(DType.INT32, out.get("rows").dtype());
        assertArrayEquals(new int[]{-3, -3, -3, -2, -2, -2}, out.get("rows").ints());
    }

    @Test void interpolateToASizeTensorEqualsInterpolateToTheSameStaticSize() {
        Network net = new Network("resize");
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(-1, 2, -1, -1));
            Tensor factor = net.addInput("factor", DType.INT32, Shape.of(1));
            Tensor size = F.mul(F.slice(F.shapeOf(x), new int[]{2}, new int[]{2}, new int[]{1}), F.cast(factor, DType.INT64));
            net.markOutput("dynamic", F.interpolate(x, size, "bicubic", false));
        }
        Network fixed = new Network("fixed");
        try (var s = fixed.makeCurrent()) {
            fixed.markOutput("static", F.interpolate(fixed.addInput("x", DType.FLOAT, Shape.of(2, 2, 3, 4)), new int[]{9, 12}, null, "bicubic", false));
        }
        float[] v = new float[2 * 2 * 3 * 4];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(i);
        HostTensor x = HostTensor.of(v, 2, 2, 3, 4);
        HostTensor dynamic = new CpuBackend().run(net, Map.of("x", x, "factor", HostTensor.ofInts(new int[]{3}, 1))).get("dynamic");
        HostTensor expected = new CpuBackend().run(fixed, Map.of("x", x)).get("static");
        assertArrayEquals(new int[]{2, 2, 9, 12}, dynamic.shape());
        assertArrayEquals(expected.floats(), dynamic.floats());
    }

    @Test void refusesNetworksWithMissingWeights() {
        Network net = new Network("incomplete", WeightMap.builder("partial.wts").put("weight", new float[4]).build());
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, 2, 3, 3));
            net.markOutput("y", new org.trt4j.runtime.nn.Conv2d("", 2, 2, 1).call(x));
        }
        UserError e = assertThrows(UserError.class, () -> new CpuBackend().run(net, Map.of("x", HostTensor.zeros(1, 2, 3, 3))));
        assertEquals("partial.wts: the weights do not fit the network:\n  1 missing key(s):\n    bias  expected 2", e.getMessage());
    }

    @Test void inputsAreChecked() {
        Network net = new Network("n");
        try (var s = net.makeCurrent()) {
            net.markOutput("y", F.relu(net.addInput("x", DType.FLOAT, Shape.of(1, 3, -1))));
        }
        CpuBackend cpu = new CpuBackend();
        assertEquals("network n: input 'x' (1x3x?) is not given", assertThrows(UserError.class, () -> cpu.run(net, Map.of())).getMessage());
        assertEquals("input x: got FLOAT 1x4x2, the network declares FLOAT 1x3x?",
                assertThrows(UserError.class, () -> cpu.run(net, Map.of("x", HostTensor.zeros(1, 4, 2)))).getMessage());
    }

    private static void assertClose(NpyArray expected, HostTensor actual, float tol) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.floats(), a = actual.floats();
        for (int i = 0; i < e.length; i++)
            assertEquals(e[i], a[i], tol * Math.max(1f, Math.abs(e[i])), "element " + i);
    }
}
