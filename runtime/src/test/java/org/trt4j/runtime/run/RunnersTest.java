package org.trt4j.runtime.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.TestFiles;
import org.trt4j.weights.WeightFiles;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPU side of Runners.open: the runner says what runs and gives the CPU backend's outputs. */
class RunnersTest {
    @TempDir Path dir;

    @Test void cpuBackendGivesTheCpuRunnerAndSaysSo() throws Exception {
        DefinedNetwork tiny = NetworkRegistry.define("tiny", WeightFiles.load(TestFiles.resource("golden/network/tiny.wts", dir)), Map.of(), Map.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Runner runner = Runners.open(tiny, "ab12", Backend.CPU, BuildOptions.defaults(), new EngineCache(dir), log)) {
            assertInstanceOf(CpuRunner.class, runner);
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("trt4j: running tiny on the CPU reference backend (as asked)"));
            String input = tiny.inputs().get(0).name();
            int[] dims = tiny.inputs().get(0).opt().dims();
            assertArrayEquals(tiny.network().input(input).shape().dims(), runner.inputDims(input));
            int count = 1;
            for (int d : dims) count *= d;
            float[] values = new float[count];
            Random random = new Random(7);
            for (int i = 0; i < count; i++) values[i] = random.nextFloat() - 0.5f;
            Map<String, HostTensor> in = Map.of(input, HostTensor.of(values, dims));
            Map<String, HostTensor> got = runner.run(in), want = new CpuBackend().run(tiny.network(), in);
            for (String name : want.keySet()) assertArrayEquals(want.get(name).floats(), got.get(name).floats(), name);
            assertThrows(UserError.class, () -> runner.inputDims("nope"));
        }
    }

    @Test void anEngineFileUnderTheCpuBackendIsAClearError() throws java.io.IOException {
        Path engine = java.nio.file.Files.write(dir.resolve("e.engine"), new byte[]{1, 2, 3});
        UserError e = assertThrows(UserError.class, () -> Runners.openEngine(engine, Backend.CPU, System.err));
        assertTrue(e.getMessage().contains("e.engine") && e.getMessage().contains("--backend cpu"), e.getMessage());
    }

    @Test void aMissingEngineFileIsNamedBeforeTheBackendIsChosen() {
        UserError e = assertThrows(UserError.class, () -> Runners.openEngine(dir.resolve("gone.engine"), Backend.TENSORRT, System.err));
        assertTrue(e.getMessage().contains("gone.engine: engine file not found"), e.getMessage());
    }
}
