package org.trt4j.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.EngineInfo;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CLI end to end on a GPU with the registered test network "tiny": build (plan + sidecar), run the engine from
 * .npy to .npz against the PyTorch golden, run --backend tensorrt, inspect --engine, bench (with --onnx, the same model
 * exported by make_tiny_onnx.py).
 *
 * <p>tiny.onnx is generated, never committed ({@code *.onnx} is git-ignored), so it is no test resource: the system
 * property {@value #ONNX_PROPERTY} names it ({@code .ci/gpu/tests.sh} writes it with make_tiny_onnx.py and passes the
 * property). Without the property the bench runs without --onnx.
 */
@Tag("gpu")
class CliGpuTest {
    static final String ONNX_PROPERTY = "trt4j.tiny.onnx";

    @TempDir Path dir;

    @Test void buildRunInspectBench() throws Exception {
        Path weights = RunCommandTest.weights(dir);
        // was TestFiles.resource("onnx/tiny.onnx"): no such resource can exist, so the test failed before building anything
        String onnxProperty = System.getProperty(ONNX_PROPERTY);
        Path onnx = onnxProperty == null || onnxProperty.isBlank() ? null : Path.of(onnxProperty);
        if (onnx != null) assertTrue(Files.isRegularFile(onnx), "-D" + ONNX_PROPERTY + "=" + onnx + ": no such file (make_tiny_onnx.py writes it)");
        Path engine = dir.resolve("tiny.engine");
        assertEquals(0, new CommandLine(new BuildCommand()).execute("tiny", "--weights", weights.toString(), "--out", engine.toString(),
                "--timing-cache", dir.resolve("tiny.cache").toString()));
        EngineInfo info = EngineFiles.readSidecar(engine);
        assertEquals("tiny", info.network());
        assertEquals(EngineFiles.sha256(weights), info.weightsSha256());
        assertEquals("1x3x8x8:1x3x8x10:4x3x8x64", info.inputs().get(0).profile().toString());
        assertTrue(dir.resolve("tiny.cache").toFile().length() > 0, "timing cache saved");

        Map<String, NpyArray> golden = RunCommandTest.golden(dir);
        Path x = RunCommandTest.writeNpy(dir.resolve("x.npy"), golden.get("x"));
        Path out = dir.resolve("out.npz");
        assertEquals(0, new CommandLine(new RunCommand()).execute("--engine", engine.toString(), "--input", "x=" + x, "--output-npz", out.toString()));
        Map<String, NpyArray> got = Npz.read(out);
        RunCommandTest.assertClose(golden.get("out"), got.get("out"), 1e-4f);
        RunCommandTest.assertClose(golden.get("logits"), got.get("logits"), 1e-4f);

        Path out2 = dir.resolve("out2.npz");
        assertEquals(0, new CommandLine(new RunCommand()).execute("tiny", "--weights", weights.toString(), "--backend", "tensorrt",
                "--input", "x=" + x, "--output-npz", out2.toString()));
        RunCommandTest.assertClose(golden.get("out"), Npz.read(out2).get("out"), 1e-4f);

        StringWriter text = new StringWriter();
        CommandLine inspect = new CommandLine(new InspectCommand());
        inspect.setOut(new PrintWriter(text));
        assertEquals(0, inspect.execute("--engine", engine.toString(), "--json"));
        JsonNode json = new ObjectMapper().readTree(text.toString());
        assertEquals("tiny", json.path("sidecar").path("network").asText());
        assertTrue(json.path("layers").path("Layers").size() > 0, "IEngineInspector layers");

        Path reference = RunCommandTest.writeNpy(dir.resolve("out.npy"), golden.get("out"));
        List<String> benchArgs = new ArrayList<>(List.of("--engine", engine.toString(), "--iterations", "200", "--warmup", "20",
                "--input", "x=" + x, "--reference", "out=" + reference, "--argmax-axis", "1"));
        if (onnx != null) benchArgs.addAll(List.of("--onnx", onnx.toString()));
        else System.out.println("CliGpuTest: -D" + ONNX_PROPERTY + " not set, bench runs without --onnx");
        String bench = captureStdout(() -> assertEquals(0, new CommandLine(new BenchCommand()).execute(benchArgs.toArray(new String[0]))));
        assertTrue(bench.contains("host overhead median (us)"), bench);
        if (onnx != null) assertTrue(bench.contains("ratio trt4j/onnx") && bench.contains("max |trt4j - onnx|"), bench);
        // the golden's smallest two-class margin is 3.3e-5 of 80 positions: one FP32 near-tie may flip, not two
        Matcher agreement = Pattern.compile("argmax along axis 1 agrees on trt4j ([0-9.]+)%" + (onnx != null ? " onnx ([0-9.]+)%" : "")
                + " of 80 positions").matcher(bench);
        assertTrue(agreement.find(), bench);
        for (int g = 1; g <= agreement.groupCount(); g++) assertTrue(Double.parseDouble(agreement.group(g)) >= 98.7, bench);
        System.out.println(bench);
        String graphBench = captureStdout(() -> assertEquals(0, new CommandLine(new BenchCommand()).execute("--engine", engine.toString(),
                "--iterations", "2000", "--warmup", "200", "--cuda-graph", "--shape", "x=1x3x8x10")));
        assertTrue(graphBench.contains("CUDA graph") && graphBench.contains("host overhead median (us)"), graphBench);
        System.out.println(graphBench);
    }

    private static String captureStdout(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
