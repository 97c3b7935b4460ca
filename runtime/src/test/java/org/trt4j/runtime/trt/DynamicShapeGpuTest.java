package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;

import static org.junit.jupiter.api.Assertions.*;

/** One engine with a min/opt/max profile, run at several sizes inside it (smallest, middle, largest, odd). */
@Tag("gpu")
class DynamicShapeGpuTest {

    @Test void runsAcrossTheProfile() {
        BuildOptions options = BuildOptions.defaults().withProgress(false)
                .withProfile(TinyConvNet.INPUT, ShapeRange.parse("1x2x4x4:2x2x8x8:4x2x16x16"));
        try (Engine engine = Engine.fromPlan(EngineBuilder.build("tiny-dynamic", new TinyConvNet(-1, 2, -1, -1), options));
             ExecutionSession session = engine.newSession()) {
            assertEquals(ShapeRange.parse("1x2x4x4:2x2x8x8:4x2x16x16"), engine.inputs().get(0).profile());
            int[][] sizes = {{1, 4, 4}, {2, 8, 8}, {4, 16, 16}, {3, 5, 11}, {1, 4, 4}};
            for (int[] s : sizes) {
                int n = s[0], h = s[1], w = s[2];
                float[] got = FreshJvmRunner.runTiny(session, n, h, w, n + h + w);
                assertArrayEquals(new int[] {n, 4, h, w}, session.outputShape(TinyConvNet.OUTPUT));
                float diff = TinyConvNet.maxAbsDiff(TinyConvNet.expected(TinyConvNet.input(n, h, w, n + h + w), n, h, w), got);
                assertTrue(diff < 1e-4f, n + "x2x" + h + "x" + w + ": max abs diff " + diff);
            }
            UserError outside = assertThrows(UserError.class, () -> session.setInputShape(TinyConvNet.INPUT, 5, 2, 8, 8));
            assertTrue(outside.getMessage().contains("outside the engine's profile"), outside.getMessage());
        }
    }

    @Test void cudaGraphIsRecapturedWhenTheShapeChanges() {
        BuildOptions options = BuildOptions.defaults().withProgress(false)
                .withProfile(TinyConvNet.INPUT, ShapeRange.parse("1x2x4x4:1x2x8x8:2x2x16x16"));
        try (Engine engine = Engine.fromPlan(EngineBuilder.build("tiny-dynamic", new TinyConvNet(-1, 2, -1, -1), options));
             ExecutionSession session = engine.newSession().useCudaGraph(true)) {
            int[][] sizes = {{1, 8, 8}, {1, 8, 8}, {2, 16, 16}, {2, 16, 16}, {1, 4, 4}, {1, 4, 4}};
            int seed = 0;
            for (int[] s : sizes) {
                float[] got = FreshJvmRunner.runTiny(session, s[0], s[1], s[2], ++seed);
                float[] want = TinyConvNet.expected(TinyConvNet.input(s[0], s[1], s[2], seed), s[0], s[1], s[2]);
                assertTrue(TinyConvNet.maxAbsDiff(want, got) < 1e-4f, "size " + s[0] + "x" + s[1] + "x" + s[2] + " seed " + seed);
            }
        }
    }
}
