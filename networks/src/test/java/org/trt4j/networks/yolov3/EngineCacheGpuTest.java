package org.trt4j.networks.yolov3;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trt4j detect --weights W} twice with the engine cache in a temporary directory: the first call builds and
 * stores the engine, the second loads it, builds nothing and prints the same detections. Needs an NVIDIA GPU with
 * TensorRT 10.6 and the plugin library (NMS runs in the engine).
 */
@Tag("gpu")
class EngineCacheGpuTest {
    @TempDir Path dir;

    /** stdout and stderr of one detect call. */
    record Output(String out, String err) {}

    private Output detect(Path image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out, savedErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new DetectCommand()).execute("--backend", "tensorrt", "--precision", "fp32",
                    "--weights", Golden.DARKNET_WEIGHTS.toString(), "--cfg", Golden.CFG.toString(), "--size", "128",
                    "--input", image.toString(), "--json", "--score", "0.6", "--max-detections", "5");
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        Output result = new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        savedErr.print(result.err());
        assertEquals(0, code, result.err());
        return result;
    }

    private List<Path> cachedEngines() throws Exception {
        try (var files = Files.list(dir.resolve("engines"))) {
            return files.filter(p -> p.toString().endsWith(".engine")).toList();
        }
    }

    @Test
    void theSecondDetectLoadsTheCachedEngineAndFindsTheSameObjects() throws Exception {
        BufferedImage image = new BufferedImage(200, 120, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < 120; y++) for (int x = 0; x < 200; x++) image.setRGB(x, y, random.nextInt(0x1000000));
        Path in = dir.resolve("in.png");
        ImageIO.write(image, "png", in.toFile());
        String before = System.getProperty("trt4j.cache");
        System.setProperty("trt4j.cache", dir.toString());
        try {
            Output first = detect(in);
            assertTrue(first.err().contains("trt4j: building the FP32 yolov3 TensorRT engine once"), first.err());
            List<Path> engines = cachedEngines();
            assertEquals(1, engines.size(), "one engine cached: " + engines);
            FileTime written = Files.getLastModifiedTime(engines.get(0));

            Output second = detect(in);
            assertTrue(second.err().contains("trt4j: loaded cached engine " + engines.get(0)), second.err());
            assertFalse(second.err().contains("building"), "the second call builds nothing: " + second.err());
            assertEquals(engines, cachedEngines());
            assertEquals(written, Files.getLastModifiedTime(engines.get(0)), "the cached file is not rewritten");
            assertTrue(first.out().contains("\"detections\""), first.out());
            assertEquals(first.out(), second.out(), "the same detections from the built and the cached engine");
        } finally {
            if (before == null) System.clearProperty("trt4j.cache");
            else System.setProperty("trt4j.cache", before);
        }
    }
}
