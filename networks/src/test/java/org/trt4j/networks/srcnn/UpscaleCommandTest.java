package org.trt4j.networks.srcnn;

import org.trt4j.networks.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.cli.Main;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.error.UserError;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpscaleCommandTest {
    @TempDir Path dir;

    @Test void upscalesOnTheCpuToThreeTimesTheSize() throws Exception {
        BufferedImage small = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 5; y++) for (int x = 0; x < 7; x++) small.setRGB(x, y, (x * 30) << 16 | (y * 40) << 8 | 90);
        Path in = dir.resolve("small.png"), out = dir.resolve("out.png");
        ImageIO.write(small, "png", in.toFile());
        int code = new CommandLine(new Main()).execute("upscale", "--backend", "cpu", "--input", in.toString(), "--output", out.toString());
        assertEquals(0, code);
        BufferedImage big = ImageIO.read(out.toFile());
        assertEquals(21, big.getWidth());
        assertEquals(15, big.getHeight());
    }

    @Test void missingOrUnreadableInputIsOneClearError() throws Exception {
        for (Path bad : new Path[]{dir.resolve("absent.png"), Files.writeString(dir.resolve("text.png"), "not an image")}) {
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new Main()).setErr(new PrintWriter(err));
            cl.setExecutionExceptionHandler((e, c, p) -> {
                c.getErr().println("trt4j: " + e.getMessage());
                return 2;
            });
            int code = cl.execute("upscale", "--backend", "cpu", "--input", bad.toString(), "--output", dir.resolve("o.png").toString());
            assertEquals(2, code);
            assertTrue(err.toString().startsWith("trt4j: " + bad), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
        }
    }

    @Test void imagesRoundTripAsRgbInZeroOne() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF8000);
        img.setRGB(1, 0, 0x0000FF);
        HostTensor t = RgbImage.toTensor(img);
        assertEquals(1f, t.floats()[0]);              // R of pixel 0
        assertEquals(128f / 255f, t.floats()[2], 1e-7); // G of pixel 0
        assertEquals(1f, t.floats()[5]);              // B of pixel 1
        assertEquals(0xFF8000, RgbImage.toImage(t).getRGB(0, 0) & 0xffffff);
        HostTensor outOfRange = HostTensor.of(new float[]{2f, -1f, 0.5f}, 1, 3, 1, 1);
        assertEquals(0xFF0080, RgbImage.toImage(outOfRange).getRGB(0, 0) & 0xffffff, "clipped to [0, 1]");
        assertThrows(UserError.class, () -> RgbImage.read(Path.of("/nonexistent/x.png"), RgbImage.DEFAULT_MAX_PIXELS));
    }
}
