package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.trt.layers.NetworkTranslator;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layers in Network.fullPrecision() stay FP32 in an FP16 engine: y = (x * 40000) / 40000 for x in [1.7, 2], whose
 * intermediate (68 000-80 000) overflows FP16 (max 65 504). Twice: as two elementwise layers (which TensorRT fused into
 * one kernel keeping the product in FP32 registers: the unscoped engine was exact too on the H100, visit 11), and as
 * two 1x1 convolutions, which do not fuse, so an FP16 tactic stores the product as FP16. Scoped, the FP16 engine
 * returns x; the unscoped figures are printed (FP16 is a permission: TensorRT may still pick FP32 tactics).
 */
@Tag("gpu")
class FullPrecisionGpuTest {
    static final int N = 64;

    @Test void aFullPrecisionScopeKeepsAnOverflowingIntermediateInFp32() {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) x[i] = 1.7f + 0.3f * i / (N - 1);
        for (boolean convolutions : new boolean[]{false, true}) {
            float[] scoped = run(network(true, convolutions), x), plain = run(network(false, convolutions), x);
            double scopedError = maxAbsDiff(x, scoped), plainError = maxAbsDiff(x, plain);
            String what = convolutions ? "two 1x1 convolutions" : "two elementwise layers";
            System.out.printf("full-precision scope in an FP16 engine, %s: max |y - x| %.3g scoped, %.3g without the scope%n", what,
                    scopedError, plainError);
            assertTrue(scopedError <= 1e-3, "scoped FP16 engine, " + what + ": max |y - x| " + scopedError);
        }
    }

    private static Network network(boolean scoped, boolean convolutions) {
        Network net = new Network((scoped ? "fp32-scope" : "no-scope") + (convolutions ? "-conv" : "-elementwise"));
        try (var current = net.makeCurrent()) {
            // [1, 1, 8, 8] for the convolutions, N values either way
            Tensor x = net.addInput("x", DType.FLOAT, convolutions ? Shape.of(1, 1, 8, 8) : Shape.of(1, N));
            Tensor y;
            if (scoped) {
                try (var fp32 = F.fullPrecision()) {
                    y = scaleUpAndBack(x, convolutions);
                }
            } else {
                y = scaleUpAndBack(x, convolutions);
            }
            net.markOutput("y", F.add(y, 0.0));
        }
        return net;
    }

    private static Tensor scaleUpAndBack(Tensor x, boolean convolutions) {
        if (!convolutions) return F.div(F.mul(x, 40000.0), 40000.0);
        Tensor up = F.conv2d(x, Weights.of("up", new float[]{40000f}, 1, 1, 1, 1), null, 1, 0, 1, 1);
        return F.conv2d(up, Weights.of("down", new float[]{1f / 40000f}, 1, 1, 1, 1), null, 1, 0, 1, 1);
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
