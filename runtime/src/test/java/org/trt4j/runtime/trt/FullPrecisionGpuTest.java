package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.trt.layers.NetworkTranslator;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layers in Network.fullPrecision() stay FP32 in an FP16 engine: y = (x * 40000) / 40000 for x in [1.7, 2], whose
 * intermediate (68 000-80 000) overflows FP16 (max 65 504). Scoped, the FP16 engine returns x; the unscoped engine's
 * figure is printed (TensorRT may fuse the two into one kernel that keeps the product in FP32 registers anyway).
 */
@Tag("gpu")
class FullPrecisionGpuTest {
    static final int N = 64;

    @Test void aFullPrecisionScopeKeepsAnOverflowingIntermediateInFp32() {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) x[i] = 1.7f + 0.3f * i / (N - 1);
        float[] scoped = run(network(true), x), plain = run(network(false), x);
        double scopedError = maxAbsDiff(x, scoped), plainError = maxAbsDiff(x, plain);
        System.out.printf("full-precision scope in an FP16 engine: max |y - x| %.3g scoped, %.3g without the scope%n", scopedError, plainError);
        assertTrue(scopedError <= 1e-3, "scoped FP16 engine: max |y - x| " + scopedError);
    }

    private static Network network(boolean scoped) {
        Network net = new Network(scoped ? "fp32-scope" : "no-scope");
        try (var current = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, N));
            Tensor y;
            if (scoped) {
                try (var fp32 = F.fullPrecision()) {
                    y = F.div(F.mul(x, 40000.0), 40000.0);
                }
            } else {
                y = F.div(F.mul(x, 40000.0), 40000.0);
            }
            net.markOutput("y", F.add(y, 0.0));
        }
        return net;
    }

    private static float[] run(Network net, float[] x) {
        BuildOptions options = BuildOptions.defaults().withPrecision(Precision.FP16).withProgress(false);
        try (Engine engine = Engine.fromPlan(EngineBuilder.build(net.name(), new NetworkTranslator(net), options));
             ExecutionSession s = engine.newSession()) {
            s.setInput("x", x);
            s.run();
            float[] out = new float[N];
            s.outputFloats("y", out);
            return out;
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Double.isNaN(b[i]) ? Double.POSITIVE_INFINITY : Math.abs(a[i] - b[i]));
        return m;
    }
}
