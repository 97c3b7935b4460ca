package org.trt4j.networks.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import javax.imageio.ImageIO;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Decoding as other readers decode: grey images keep their values (ImageIO's linear grey would brighten them). */
class RgbImageTest {
    static final int W = 7, H = 5;

    @Test void greyPngsKeepTheirValuesIn8And16Bits(@TempDir Path dir) throws Exception {
        BufferedImage grey8 = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY), grey16 = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                grey8.getRaster().setSample(x, y, 0, value(x, y));
                grey16.getRaster().setSample(x, y, 0, value(x, y) * 257);
            }
        for (BufferedImage image : new BufferedImage[]{grey8, grey16}) {
            Path file = dir.resolve("grey" + image.getType() + ".png");
            ImageIO.write(image, "png", file.toFile());
            assertValues(RgbImage.read(file, RgbImage.DEFAULT_MAX_PIXELS), file.toString());
        }
    }

    @Test void greyWithAlphaKeepsItsValuesAndDropsTheAlpha(@TempDir Path dir) throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false, Transparency.TRANSLUCENT,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(W, H);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                raster.setSample(x, y, 0, value(x, y));
                raster.setSample(x, y, 1, 40);
            }
        Path file = dir.resolve("la.png");
        assertTrue(ImageIO.write(new BufferedImage(cm, raster, false, null), "png", file.toFile()));
        assertValues(RgbImage.read(file, RgbImage.DEFAULT_MAX_PIXELS), file.toString());
    }

    @Test void greyJpegsAreNotBrightened(@TempDir Path dir) throws Exception {
        BufferedImage grey = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) grey.getRaster().setSample(x, y, 0, 100);
        Path file = dir.resolve("grey.jpg");
        ImageIO.write(grey, "jpeg", file.toFile());
        float[] v = RgbImage.read(file, RgbImage.DEFAULT_MAX_PIXELS).floats();
        for (float f : v) assertEquals(100, f * 255, 2.0, "JPEG grey 100 (linear grey would read about 170)");
    }

    @Test void theLetterboxSeesTheSameGrey(@TempDir Path dir) throws Exception {
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) grey.getRaster().setSample(x, y, 0, 60);
        Path file = dir.resolve("flat.png");
        ImageIO.write(grey, "png", file.toFile());
        float[] input = new float[3 * 8 * 8];
        new Letterbox(8, true).fill(RgbImage.readImage(file, RgbImage.DEFAULT_MAX_PIXELS), input, 0);
        for (float f : input) assertEquals(60 / 255f, f, 1e-6f);
    }

    @Test void cmykIsRefusedWithTheFileNamed() {
        Path file = Path.of("src/test/resources/images/cmyk.jpg"); // written by PIL: Image.convert('CMYK').save(...)
        UserError e = assertThrows(UserError.class, () -> RgbImage.read(file, RgbImage.DEFAULT_MAX_PIXELS));
        assertTrue(e.getMessage().startsWith(file + ": a CMYK image"), e.getMessage());
    }

    private static int value(int x, int y) { return (x * 37 + y * 53) % 256; }

    private static void assertValues(HostTensor rgb, String what) {
        assertArrayEquals(new int[]{1, 3, H, W}, rgb.shape(), what);
        float[] v = rgb.floats();
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++)
                    assertEquals(value(x, y) / 255f, v[(c * H + y) * W + x], 1e-6f, what + " at " + x + "," + y + " channel " + c);
    }
}
