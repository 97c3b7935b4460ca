package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Serialize to E.engine + E.engine.json, load in a fresh JVM, compare with this JVM's run and with Java. */
@Tag("gpu")
class EngineFileGpuTest {
    @TempDir Path dir;

    @Test void engineFileRunsTheSameInAFreshJvm() throws Exception {
        BuildOptions options = BuildOptions.defaults().withProgress(false)
                .withProfile(TinyConvNet.INPUT, ShapeRange.parse("1x2x4x4:1x2x8x8:2x2x16x16"));
        EnginePlan plan = EngineBuilder.build("tiny-dynamic", new TinyConvNet(-1, TinyConvNet.IN_CHANNELS, -1, -1), options);
        Path engineFile = dir.resolve("tiny.engine");
        plan.write(engineFile);
        assertTrue(Files.size(engineFile) > 0);

        EngineInfo sidecar = EngineFiles.readSidecar(engineFile);
        assertNotNull(sidecar);
        assertEquals("tiny-dynamic", sidecar.network());
        assertEquals(TensorRt.fullVersion(), sidecar.tensorrtVersion());
        assertEquals(ShapeRange.parse("1x2x4x4:1x2x8x8:2x2x16x16"), sidecar.inputs().get(0).profile());
        assertArrayEquals(new int[] {-1, 2, -1, -1}, sidecar.inputs().get(0).shape());
        assertFalse(sidecar.gpuName().isBlank());

        int n = 2, h = 6, w = 9, seed = 3;
        float[] here;
        try (Engine engine = Engine.load(engineFile); ExecutionSession session = engine.newSession()) {
            here = FreshJvmRunner.runTiny(session, n, h, w, seed);
        }
        Path out = dir.resolve("fresh.bin");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), FreshJvmRunner.class.getName(),
                engineFile.toString(), out.toString(), "" + n, "" + h, "" + w, "" + seed)).inheritIO().start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "fresh JVM finished");
        assertEquals(0, p.exitValue(), "fresh JVM exit code");
        float[] there;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(out))) {
            there = new float[in.readInt()];
            for (int i = 0; i < there.length; i++) there[i] = in.readFloat();
        }
        assertTrue(TinyConvNet.maxAbsDiff(here, there) < 1e-6f, "fresh JVM vs this JVM");
        assertTrue(TinyConvNet.maxAbsDiff(TinyConvNet.expected(TinyConvNet.input(n, h, w, seed), n, h, w), there) < 1e-4f, "vs Java");
    }
}
