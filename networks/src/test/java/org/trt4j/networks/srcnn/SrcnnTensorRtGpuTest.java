package org.trt4j.networks.srcnn;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.ShapeRange;
import org.trt4j.runtime.trt.layers.NetworkTranslator;
import org.trt4j.weights.npy.NpyArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trt4j.networks.srcnn.SrcnnCpuParityTest.npz;
import static org.trt4j.networks.srcnn.SrcnnCpuParityTest.tensor;
import static org.trt4j.networks.srcnn.SrcnnCpuParityTest.weights;

/** TensorRT engines of SRCNN against the PyTorch golden: FP32 <= 1e-3, FP16 <= 1e-2, run-time factor 2/3/4. */
@Tag("gpu")
class SrcnnTensorRtGpuTest {
    static final ShapeRange IMAGES = new ShapeRange(new int[]{1, 3, 8, 8}, new int[]{1, 3, 10, 14}, new int[]{1, 3, 64, 64});

    static Engine build(DefinedNetwork net, BuildOptions options) {
        return Engine.fromPlan(EngineBuilder.build("srcnn", new NetworkTranslator(net.network()), options));
    }

    @Test void fixedFactorFp32AndFp16MatchPyTorch() throws Exception {
        Map<String, NpyArray> g = npz();
        DefinedNetwork net = NetworkRegistry.define("srcnn", weights(), Map.of("scale", "3"), Map.of());
        for (Precision p : new Precision[]{Precision.FP32, Precision.FP16}) {
            double tolerance = p == Precision.FP32 ? 1e-3 : 1e-2;
            try (Engine engine = build(net, BuildOptions.defaults().withPrecision(p).withProfile(SrcnnFactory.INPUT, IMAGES));
                 ExecutionSession session = engine.newSession()) {
                session.setInput(SrcnnFactory.INPUT, tensor(g.get("input")));
                session.run();
                assertClose(g.get("output_x3"), session.output(SrcnnFactory.OUTPUT), tolerance, p + " x3");
            }
        }
    }

    @Test void oneEngineServesFactorsTwoToFour() throws Exception {
        Map<String, NpyArray> g = npz();
        DefinedNetwork net = NetworkRegistry.define("srcnn", weights(), Map.of("scale", "dynamic"), Map.of());
        BuildOptions options = BuildOptions.defaults().withProfile(SrcnnFactory.INPUT, IMAGES)
                .withValueProfile(SrcnnFactory.FACTOR, new ShapeRange(new int[]{2}, new int[]{3}, new int[]{4}));
        try (Engine engine = build(net, options); ExecutionSession session = engine.newSession()) {
            for (int factor = 2; factor <= 4; factor++) {
                session.setInput(SrcnnFactory.INPUT, tensor(g.get("input")));
                session.setShapeValues(SrcnnFactory.FACTOR, factor);
                session.run();
                assertClose(g.get("output_x" + factor), session.output(SrcnnFactory.OUTPUT), 1e-3, "FP32 factor " + factor);
            }
        }
    }

    static void assertClose(NpyArray expected, HostTensor actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        float[] e = expected.floats(), a = actual.floats();
        double max = 0;
        for (int i = 0; i < e.length; i++) max = Math.max(max, Math.abs(e[i] - a[i]));
        System.out.printf("srcnn %s: max abs difference vs PyTorch %.3g%n", what, max);
        assertTrue(max <= tolerance, what + ": max abs difference " + max + " > " + tolerance);
    }
}
