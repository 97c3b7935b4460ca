package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.tensor.HostTensor;

import static org.junit.jupiter.api.Assertions.*;

/** Builds the tiny conv network, runs it through a session and compares with the Java computation. */
@Tag("gpu")
class EngineRunGpuTest {
    static final int N = 1, H = 5, W = 7;

    @Test void staticShapeFp32MatchesJava() {
        EnginePlan plan = EngineBuilder.build("tiny", new TinyConvNet(N, TinyConvNet.IN_CHANNELS, H, W), BuildOptions.defaults());
        assertEquals(1, plan.info().inputs().size());
        assertArrayEquals(new int[] {N, 4, H, W}, plan.info().outputs().get(0).shape());
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession()) {
            for (int seed = 0; seed < 3; seed++) {
                float[] x = TinyConvNet.input(N, H, W, seed);
                session.setInput(TinyConvNet.INPUT, x);
                session.run();
                HostTensor y = session.output(TinyConvNet.OUTPUT);
                assertArrayEquals(new int[] {N, 4, H, W}, y.shape());
                float[] want = TinyConvNet.expected(x, N, H, W);
                assertTrue(TinyConvNet.maxAbsDiff(want, y.floats()) < 1e-4f, "max abs diff " + TinyConvNet.maxAbsDiff(want, y.floats()));
            }
        }
    }

    @Test void cudaGraphReplayGivesTheSameResults() {
        EnginePlan plan = EngineBuilder.build("tiny", new TinyConvNet(N, TinyConvNet.IN_CHANNELS, H, W), BuildOptions.defaults().withProgress(false));
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession()) {
            session.useCudaGraph(true).enableTiming(true);
            for (int seed = 0; seed < 4; seed++) { // first run captures, later runs replay the graph with new input values
                float[] x = TinyConvNet.input(N, H, W, 10 + seed);
                session.setInput(TinyConvNet.INPUT, x);
                session.run();
                float[] got = new float[N * 4 * H * W];
                session.outputFloats(TinyConvNet.OUTPUT, got);
                assertTrue(TinyConvNet.maxAbsDiff(TinyConvNet.expected(x, N, H, W), got) < 1e-4f, "run " + seed);
                assertTrue(session.lastGpuMillis() > 0, "GPU time measured");
            }
        }
    }

    @Test void fp16InputsAndOutputsAreConverted() {
        EnginePlan plan = EngineBuilder.build("tiny-fp16", new TinyConvNet(org.bytedeco.tensorrt.global.nvinfer.DataType.kHALF,
                N, TinyConvNet.IN_CHANNELS, H, W), BuildOptions.defaults().withPrecision(Precision.FP16).withProgress(false));
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession()) {
            assertEquals(org.trt4j.runtime.graph.DType.HALF, engine.inputs().get(0).dtype());
            float[] x = TinyConvNet.input(N, H, W, 5);
            session.setInput(TinyConvNet.INPUT, x);
            session.run();
            float[] want = TinyConvNet.expected(x, N, H, W);
            float diff = TinyConvNet.maxAbsDiff(want, session.output(TinyConvNet.OUTPUT).floats());
            assertTrue(diff < 2e-2f, "fp16 max abs diff " + diff);
        }
    }
}
