package org.trt4j.runtime.quant;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.EnginePlan;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.ShapeRange;
import org.trt4j.runtime.trt.layers.NetworkTranslator;
import org.trt4j.weights.WeightMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * INT8 engines by explicit quantization: built from Java-calibrated scales, their convolutions run as INT8 kernels
 * (TensorRT's layer information says so) and their outputs stay close to the FP32 CPU reference. The convolution
 * chain runs first and prints its result as it ends: the tiny network's build (dynamic input, case 3) spun in
 * TensorRT on the H100 (visits 13 and 14), and a class cut at its deadline reports nothing else; case 2, the same
 * network with a static input, says whether the dynamic input is needed for the spin.
 */
@Tag("gpu")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Int8EngineGpuTest {

    @Test @Order(1) void aConvolutionChainWithADarknetShortcutRunsInt8AndTracksFp32() throws Exception {
        Random random = new Random(3);
        Network net = new Network("chain", WeightMap.builder("test").build());
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, 3, 16, 16));
            Tensor stem = F.leakyRelu(F.conv2d(x, weights(random, "w0", 16, 3, 3, 3), weights(random, "b0", 16), 1, 1, 1, 1), 0.1f);
            Tensor a = F.leakyRelu(F.conv2d(stem, weights(random, "w1", 8, 16, 1, 1), weights(random, "b1", 8), 1, 0, 1, 1), 0.1f);
            Tensor b = F.leakyRelu(F.conv2d(a, weights(random, "w2", 16, 8, 3, 3), weights(random, "b2", 16), 1, 1, 1, 1), 0.1f);
            net.markOutput("y", F.conv2d(F.add(b, stem), weights(random, "w3", 4, 16, 1, 1), weights(random, "b3", 4), 1, 0, 1, 1));
        }
        assertInt8TracksFp32(net, samples(1, 3, 16, 16), CalibratorTest.sample(7, 1, 3, 16, 16), BuildOptions.defaults().withProgress(false));
    }

    /** The tiny network with its input fixed at 1x3x8x10: whether the spin needs the dynamic input (case 3 has it). */
    @Test @Order(2) void theTinyNetworkWithAStaticInputRunsInt8AndTracksFp32() throws Exception {
        Network net = CalibratorTest.tiny(Map.of("x", Shape.of(1, 3, 8, 10))).network();
        assertInt8TracksFp32(net, samples(1, 3, 8, 10), CalibratorTest.sample(1), BuildOptions.defaults().withProgress(false).withVerbose(true));
    }

    @Test @Order(3) void calibratedInt8EngineRunsInt8ConvolutionsAndTracksFp32() throws Exception {
        Network net = CalibratorTest.tiny().network();
        // verbose: on the H100 (visits 13 and 14) this build spins in buildSerializedNetwork (one core busy, no message
        // at WARNING) while the same tiny network builds in FP32 and passed in INT8 on the H200 (visit 8); the log shows where
        BuildOptions options = BuildOptions.defaults().withProgress(false).withVerbose(true)
                .withProfile("x", ShapeRange.parse("1x3x8x10:1x3x8x10:1x3x8x10"));
        assertInt8TracksFp32(net, samples(1, 3, 8, 10), CalibratorTest.sample(1), options);
    }

    private static void assertInt8TracksFp32(Network net, List<Supplier<Map<String, HostTensor>>> samples, HostTensor x, BuildOptions options) {
        ActivationScales scales = Calibrator.calibrate(net, samples, CalibrationMethod.MAX, 0, "gpu-test", null);
        long start = System.nanoTime();
        EnginePlan plan = EngineBuilder.build(net.name() + "-int8", new NetworkTranslator(net, scales), options.withInt8(scales));
        assertEquals("INT8", plan.info().precision());
        Map<String, HostTensor> reference = new CpuBackend().run(net, Map.of("x", x));
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession()) {
            String layers = engine.layerInformationJson();
            assertTrue(layers.contains("Int8") || layers.contains("INT8"), "no INT8 layer in " + layers);
            session.setInputShape("x", x.shape()).setInput("x", x.floats());
            session.run();
            for (var e : reference.entrySet()) {
                float[] want = e.getValue().asFloats(), got = session.output(e.getKey()).asFloats();
                double range = 0, worst = 0;
                for (float v : want) range = Math.max(range, Math.abs(v));
                for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
                assertTrue(worst <= 0.05 * range, net.name() + " " + e.getKey() + ": INT8 differs from FP32 by " + worst + " of " + range);
                assertTrue(worst > 0, net.name() + " " + e.getKey() + ": bit-identical to FP32, so nothing was quantized");
                System.out.printf("Int8EngineGpuTest: %s %s INT8 within %.4f of %.4f (FP32 CPU), built and run in %.1f s%n",
                        net.name(), e.getKey(), worst, range, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** Four calibration samples of input x with this shape. */
    private static List<Supplier<Map<String, HostTensor>>> samples(int... shape) {
        List<Supplier<Map<String, HostTensor>>> samples = new ArrayList<>();
        for (int s = 0; s < 4; s++) { int seed = s; samples.add(() -> Map.of("x", CalibratorTest.sample(seed, shape))); }
        return samples;
    }

    private static Weights weights(Random random, String name, int... shape) {
        float[] v = new float[(int) Shape.of(shape).volume()];
        for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian() * 0.3f;
        return Weights.of(name, v, shape);
    }
}
