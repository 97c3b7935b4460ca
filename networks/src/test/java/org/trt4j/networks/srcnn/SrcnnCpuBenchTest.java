package org.trt4j.networks.srcnn;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.cli.BenchCommand;
import org.trt4j.runtime.cli.NpzWriter;
import org.trt4j.runtime.tensor.HostTensor;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code trt4j bench srcnn --weights W --backend cpu}: the CPU figures in one command, and what it refuses. */
class SrcnnCpuBenchTest {

    @Test
    void benchTimesTheCpuBackend() throws Exception {
        String wts = SrcnnCpuParityTest.golden("srcnn.wts").toString();
        String out = stdout(() -> assertEquals(0, new CommandLine(new BenchCommand()).execute(
                "srcnn", "--weights", wts, "--backend", "cpu", "--shape", "input=1x3x24x20", "--iterations", "3", "--warmup", "1")));
        assertTrue(out.contains("3 iterations after 1 warm-up, inputs: input=1x3x24x20"), out);
        Matcher median = Pattern.compile("end-to-end median \\(ms\\)\\s+([0-9.]+)").matcher(out);
        assertTrue(median.find(), out);
        assertTrue(Double.parseDouble(median.group(1)) > 0, out);
    }

    /** --reference on the CPU: PyTorch's x3 output of the golden input agrees to 1e-4, a wrong reference does not. */
    @Test
    void theCpuBackendComparesWithAReference(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var g = SrcnnCpuParityTest.npz();
        java.nio.file.Path in = dir.resolve("input.npy"), ref = dir.resolve("x3.npy"), wrong = dir.resolve("x3-wrong.npy");
        NpzWriter.writeNpy(in, SrcnnCpuParityTest.tensor(g.get("input")));
        NpzWriter.writeNpy(ref, SrcnnCpuParityTest.tensor(g.get("output_x3")));
        float[] shifted = g.get("output_x3").floats().clone();
        shifted[7] += 0.25f;
        NpzWriter.writeNpy(wrong, HostTensor.of(shifted, g.get("output_x3").shape()));
        String wts = SrcnnCpuParityTest.golden("srcnn.wts").toString();
        String out = stdout(() -> assertEquals(0, new CommandLine(new BenchCommand()).execute("srcnn", "--weights", wts, "--option", "scale=3",
                "--backend", "cpu", "--input", "input=" + in, "--reference", "output=" + ref, "--iterations", "1", "--warmup", "0")));
        Matcher m = Pattern.compile("output output against the reference \\(max \\|reference\\| = [0-9.e-]+\\): max \\|difference\\| cpu ([0-9.e-]+)").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) <= 1e-4, out);
        String off = stdout(() -> assertEquals(0, new CommandLine(new BenchCommand()).execute("srcnn", "--weights", wts, "--option", "scale=3",
                "--backend", "cpu", "--input", "input=" + in, "--reference", "output=" + wrong, "--iterations", "1", "--warmup", "0")));
        Matcher w = Pattern.compile("max \\|difference\\| cpu ([0-9.e-]+)").matcher(off);
        assertTrue(w.find(), off);
        assertEquals(0.25, Double.parseDouble(w.group(1)), 1e-3, off);
    }

    @Test
    void tensorRtComparisonsAreRefusedOnTheCpu() throws Exception {
        String wts = SrcnnCpuParityTest.golden("srcnn.wts").toString();
        CommandLine cli = new CommandLine(new BenchCommand());
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err));
        int code = cli.execute("srcnn", "--weights", wts, "--backend", "cpu", "--onnx", "model.onnx");
        assertTrue(code != 0, "exit code " + code);
    }

    private static String stdout(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
