package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** 10 000 inferences must not grow device memory (cudaMemGetInfo before/after, after a warm-up). */
@Tag("gpu")
class SessionMemoryGpuTest {
    static final long TOLERANCE = 1L << 20;

    @Test void tenThousandInferencesKeepDeviceMemoryFlat() {
        int n = 1, h = 8, w = 8;
        try (Engine engine = Engine.fromPlan(EngineBuilder.build("tiny", new TinyConvNet(n, 2, h, w), BuildOptions.defaults().withProgress(false)));
             ExecutionSession session = engine.newSession()) {
            float[] x = TinyConvNet.input(n, h, w, 1);
            float[] out = new float[n * 4 * h * w];
            for (int i = 0; i < 100; i++) {
                session.setInput(TinyConvNet.INPUT, x);
                session.run();
            }
            long freeBefore = Cuda.memoryInfo()[0];
            for (int i = 0; i < 10_000; i++) {
                session.setInput(TinyConvNet.INPUT, x);
                session.run();
                session.outputFloats(TinyConvNet.OUTPUT, out);
            }
            long freeAfter = Cuda.memoryInfo()[0];
            assertTrue(freeBefore - freeAfter < TOLERANCE, "device memory fell by " + (freeBefore - freeAfter) + " bytes");
            assertTrue(TinyConvNet.maxAbsDiff(TinyConvNet.expected(x, n, h, w), out) < 1e-4f, "still correct after 10 000 runs");
        }
    }

    @Test void closingEnginesReturnsTheirDeviceMemory() {
        BuildOptions options = BuildOptions.defaults().withProgress(false);
        EnginePlan plan = EngineBuilder.build("tiny", new TinyConvNet(4, 2, 64, 64), options);
        try (Engine warm = Engine.fromPlan(plan); ExecutionSession s = warm.newSession()) {
            s.run();
        }
        long freeBefore = Cuda.memoryInfo()[0];
        for (int i = 0; i < 50; i++) {
            Engine engine = Engine.fromPlan(plan);
            try (ExecutionSession s = engine.newSession()) {
                s.run();
            }
            engine.close();
            assertTrue(engine.nativeObjectsDeleted(), "ICudaEngine and IRuntime deleted on close");
        }
        long freeAfter = Cuda.memoryInfo()[0];
        assertTrue(freeBefore - freeAfter < 4 * TOLERANCE, "50 engine load/close cycles lost " + (freeBefore - freeAfter) + " bytes");
    }
}
