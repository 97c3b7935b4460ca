package org.trt4j.runtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.quant.ActivationScales;
import org.trt4j.runtime.quant.Int8Simulation;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.TestFiles;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;
import org.trt4j.weights.wts.WtsReader;
import picocli.CommandLine;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** trt4j run NETWORK --backend cpu: inputs from .npy, outputs to .npz, against the PyTorch golden (no GPU). */
class RunCommandTest {
    @TempDir Path dir;

    static Path weights(Path dir) throws Exception { return TestFiles.resource("golden/network/tiny.wts", dir); }

    static Map<String, NpyArray> golden(Path dir) throws Exception { return Npz.read(TestFiles.resource("golden/network/tiny.npz", dir)); }

    static Path writeNpy(Path file, NpyArray a) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            NpzWriter.writeNpy(out, HostTensor.of(a.floats(), a.shape()));
        }
        return file;
    }

    static void assertClose(NpyArray want, NpyArray got, float tol) {
        assertArrayEquals(want.shape(), got.shape(), want.name());
        float m = 0;
        for (int i = 0; i < want.floats().length; i++) m = Math.max(m, Math.abs(want.floats()[i] - got.floats()[i]));
        assertTrue(m <= tol, want.name() + ": max abs diff " + m);
    }

    @Test void cpuRunFromNpyToNpzMatchesPyTorch() throws Exception {
        Map<String, NpyArray> golden = golden(dir);
        Path x = writeNpy(dir.resolve("x.npy"), golden.get("x"));
        Path out = dir.resolve("out.npz");
        int code = new CommandLine(new RunCommand()).execute("tiny", "--weights", weights(dir).toString(),
                "--backend", "cpu", "--input", "x=" + x, "--output-npz", out.toString());
        assertEquals(0, code);
        Map<String, NpyArray> got = Npz.read(out);
        assertClose(golden.get("out"), got.get("out"), 1e-5f);
        assertClose(golden.get("logits"), got.get("logits"), 1e-5f);
    }

    @Test void cpuRunWithInt8GivesTheSimulatedEngineNotFp32() throws Exception {
        Map<String, NpyArray> golden = golden(dir);
        Path x = writeNpy(dir.resolve("x.npy"), golden.get("x"));
        Path calib = Files.createDirectories(dir.resolve("calib"));
        writeNpy(calib.resolve("sample.npy"), golden.get("x"));
        Path scalesFile = dir.resolve("scales.json"), out = dir.resolve("out.npz");
        int code = new CommandLine(new RunCommand()).execute("tiny", "--weights", weights(dir).toString(), "--backend", "cpu",
                "--int8", "--calib", calib.toString(), "--calib-cache", scalesFile.toString(), "--input", "x=" + x, "--output-npz", out.toString());
        assertEquals(0, code);
        HostTensor input = HostTensor.of(golden.get("x").floats(), golden.get("x").shape());
        var tiny = NetworkRegistry.define("tiny", WtsReader.read(weights(dir)), Map.of(), Map.of());
        Map<String, HostTensor> simulated = new Int8Simulation(tiny.network(), ActivationScales.read(scalesFile)).run(Map.of("x", input));
        NpyArray got = Npz.read(out).get("out");
        assertArrayEquals(simulated.get("out").floats(), got.floats(), "run --backend cpu --int8 is Int8Simulation's answer");
        float[] fp32 = new org.trt4j.runtime.cpu.CpuBackend().run(tiny.network(), Map.of("x", input)).get("out").floats();
        assertFalse(java.util.Arrays.equals(fp32, got.floats()), "--int8 on the CPU gave FP32's answer");
        assertClose(golden.get("out"), got, 0.1f * max(golden.get("out").floats()));
    }

    @Test void cpuBenchRefusesTensorRtPrecisions() throws Exception {
        BenchCommand cmd = new BenchCommand();
        new CommandLine(cmd).parseArgs("tiny", "--weights", weights(dir).toString(), "--backend", "cpu", "--fp16");
        UserError e = assertThrows(UserError.class, cmd::call);
        assertTrue(e.getMessage().contains("--backend cpu times the FP32 CPU backend"), e.getMessage());
    }

    private static float max(float[] v) {
        float m = 0;
        for (float f : v) m = Math.max(m, Math.abs(f));
        return m;
    }

    @Test void npyRoundTripKeepsShapeAndValues() throws Exception {
        NpyArray a = new NpyArray("a", new int[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-3f, 7}, null);
        NpyArray back = Npz.readNpy(writeNpy(dir.resolve("a.npy"), a));
        assertArrayEquals(a.shape(), back.shape());
        assertArrayEquals(a.floats(), back.floats());
    }

    @Test void unknownInputIsAUserError() throws Exception {
        RunCommand cmd = new RunCommand();
        new CommandLine(cmd).parseArgs("tiny", "--weights", weights(dir).toString(), "--input", "image=random");
        UserError e = assertThrows(UserError.class, cmd::call);
        assertTrue(e.getMessage().contains("--input image") && e.getMessage().contains("[x]"), e.getMessage());
    }

    @Test void profileSyntaxErrorsNameTheFlag() {
        BuildArgs args = new BuildArgs();
        new CommandLine(args).parseArgs("--profile", "x1x3x8x8");
        UserError e = assertThrows(UserError.class, args::profileMap);
        assertTrue(e.getMessage().contains("--profile x1x3x8x8: expected NAME=VALUE"), e.getMessage());
        BuildArgs both = new BuildArgs();
        new CommandLine(both).parseArgs("--fp16", "--tf32");
        assertThrows(UserError.class, both::precision);
    }
}
