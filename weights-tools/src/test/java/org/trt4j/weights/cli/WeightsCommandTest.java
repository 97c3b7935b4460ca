package org.trt4j.weights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.wts.WtsWriter;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class WeightsCommandTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    @TempDir Path dir;

    private record Run(int code, String out) {}

    private static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new WeightsCommand()).execute(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test void convertThenInfoAndDiff() throws Exception {
        Path out = dir.resolve("plain.wts");
        Run r = run("convert", FIXTURES.resolve("plain.pth").toString(), out.toString());
        assertEquals(0, r.code(), r.out());
        assertArrayEquals(Files.readAllBytes(FIXTURES.resolve("plain.wts")), Files.readAllBytes(out));

        r = run("info", out.toString(), "--json");
        assertEquals(0, r.code());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(Files.readAllLines(out).get(0), j.get("tensors").asText());
        assertEquals("0.weight", j.get("entries").get(0).get("name").asText());
        assertEquals(108, j.get("entries").get(0).get("count").asInt());

        r = run("info", FIXTURES.resolve("tiny.weights").toString(), "--cfg", FIXTURES.resolve("tiny.cfg").toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("module_list.0.Conv2d.weight") && r.out().contains("4x3x3x3"), r.out());

        assertEquals(0, run("diff", out.toString(), FIXTURES.resolve("plain.pth").toString()).code());
        assertEquals(0, run("diff", FIXTURES.resolve("tiny.wts").toString(), FIXTURES.resolve("tiny.weights").toString(),
                "--cfg", FIXTURES.resolve("tiny.cfg").toString()).code());
        assertEquals(1, run("diff", FIXTURES.resolve("tiny.wts").toString(), out.toString()).code());
    }

    @Test void diffExitsOneOverToleranceAndListsOneSidedKeys() throws Exception {
        Path a = dir.resolve("a.wts"), b = dir.resolve("b.wts");
        WtsWriter.write(WeightMap.builder("a").put("w", new float[]{1f, 2f}).put("onlyA", new float[]{0}).build(), a);
        WtsWriter.write(WeightMap.builder("b").put("w", new float[]{1f, 2.001f}).put("onlyB", new float[]{0}).build(), b);
        Run r = run("diff", a.toString(), b.toString(), "--atol", "0.01");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("only in " + a) && r.out().contains("only in " + b), r.out());
        WtsWriter.write(WeightMap.builder("a").put("w", new float[]{1f, 2f}).build(), a);
        WtsWriter.write(WeightMap.builder("b").put("w", new float[]{1f, 2.001f}).build(), b);
        assertEquals(0, run("diff", a.toString(), b.toString(), "--atol", "0.01").code());
        r = run("diff", a.toString(), b.toString(), "--rtol", "1e-4");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("OVER"), r.out());
    }
}
