package org.trt4j.networks.yolov3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** trt4j detect on the CPU with the CI model's Darknet weights: JSON boxes inside the image, a drawn copy written. */
class DetectCommandTest {

    @Test
    void detectsOnTheCpuAndWritesJsonAndTheDrawnImage(@TempDir Path dir) throws Exception {
        BufferedImage image = new BufferedImage(200, 120, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < 120; y++) for (int x = 0; x < 200; x++) image.setRGB(x, y, random.nextInt(0x1000000));
        Path in = dir.resolve("in.png"), out = dir.resolve("out.png");
        ImageIO.write(image, "png", in.toFile());

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            code = new CommandLine(new DetectCommand()).execute("--backend", "cpu", "--weights", Golden.DARKNET_WEIGHTS.toString(),
                    "--cfg", Golden.CFG.toString(), "--size", "128", "--input", in.toString(), "--output", out.toString(),
                    "--json", "--score", "0.6", "--max-detections", "5");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        JsonNode detections = new ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8)).get("detections");
        assertTrue(detections.size() > 0 && detections.size() <= 5, "detections " + detections);
        double previous = 1;
        for (JsonNode d : detections) {
            assertTrue(d.get("score").asDouble() > 0.6 && d.get("score").asDouble() <= previous, "sorted scores above 0.6");
            previous = d.get("score").asDouble();
            assertEquals(CocoNames.of(d.get("class").asInt()), d.get("label").asText());
            JsonNode box = d.get("box");
            assertTrue(box.get(0).asDouble() >= 0 && box.get(2).asDouble() <= 200 && box.get(1).asDouble() >= 0
                    && box.get(3).asDouble() <= 120, "box inside the image: " + box);
        }
        BufferedImage drawn = ImageIO.read(out.toFile());
        assertNotNull(drawn);
        assertEquals(200, drawn.getWidth());
    }
}
