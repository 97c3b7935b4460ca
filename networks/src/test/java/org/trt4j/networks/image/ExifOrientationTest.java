package org.trt4j.networks.image;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.tensor.HostTensor;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ExifOrientationTest {
    static final int W = 4, H = 3;

    /**
     * EXIF 2.3's definition, tag 0x0112: where the stored 0th row and 0th column are in the upright picture. The
     * stored pixel (0, 0) sits where they meet, and the stored (1, 0) one step along the 0th row's edge.
     */
    @Test void storedRowAndColumnZeroLandWhereTheSpecificationSays() {
        BufferedImage stored = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) stored.setRGB(x, y, y * W + x + 1);
        // orientation: {x, y} of stored (0, 0) and of stored (1, 0) in the upright image
        int[][][] expected = {
                null, null,
                {{W - 1, 0}, {W - 2, 0}},  // 2: row 0 top, column 0 right
                {{W - 1, H - 1}, {W - 2, H - 1}},  // 3: row 0 bottom, column 0 right
                {{0, H - 1}, {1, H - 1}},  // 4: row 0 bottom, column 0 left
                {{0, 0}, {0, 1}},  // 5: row 0 left, column 0 top
                {{H - 1, 0}, {H - 1, 1}},  // 6: row 0 right, column 0 top
                {{H - 1, W - 1}, {H - 1, W - 2}},  // 7: row 0 right, column 0 bottom
                {{0, W - 1}, {0, W - 2}},  // 8: row 0 left, column 0 bottom
        };
        assertSame(stored, ExifOrientation.upright(stored, 1));
        for (int o = 2; o <= 8; o++) {
            BufferedImage up = ExifOrientation.upright(stored, o);
            assertEquals(o >= 5 ? H : W, up.getWidth(), "orientation " + o);
            assertEquals(o >= 5 ? W : H, up.getHeight(), "orientation " + o);
            assertEquals(1, up.getRGB(expected[o][0][0], expected[o][0][1]) & 0xffffff, "orientation " + o + ": stored (0, 0)");
            assertEquals(2, up.getRGB(expected[o][1][0], expected[o][1][1]) & 0xffffff, "orientation " + o + ": stored (1, 0)");
        }
    }

    @Test void theTagIsReadInBothByteOrdersAndAnythingElseIsUpright() {
        byte[] little = {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0};
        byte[] big = {'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0};
        assertEquals(8, ExifOrientation.fromApp1(little));
        assertEquals(6, ExifOrientation.fromApp1(big));
        big[25] = 9; // out of range
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.fromApp1(big));
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.fromApp1(java.util.Arrays.copyOf(big, 20)), "cut short");
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.fromApp1("http://ns.adobe.com/xap/1.0/".getBytes()), "XMP, not Exif");
    }

    /** PIL wrote a 32x16 JPEG, red left half and blue right half, with orientation 6: upright it is 16x32, red on top. */
    @Test void aPhoneStylePortraitJpegIsTurnedUprightAndOnlyWhenAsked() {
        Path file = Path.of("src/test/resources/images/orientation6.jpg");
        RgbImage.Decoded d = RgbImage.readUpright(file, RgbImage.DEFAULT_MAX_PIXELS);
        assertEquals(6, d.turnedBy());
        HostTensor up = RgbImage.toTensor(d.image());
        assertArrayEquals(new int[]{1, 3, 32, 16}, up.shape());
        float[] v = up.floats();
        int plane = 32 * 16;
        assertTrue(v[4 * 16 + 8] > 0.7f && v[2 * plane + 4 * 16 + 8] < 0.3f, "red at the top");
        assertTrue(v[28 * 16 + 8] < 0.3f && v[2 * plane + 28 * 16 + 8] > 0.7f, "blue at the bottom");
        assertArrayEquals(new int[]{1, 3, 16, 32}, RgbImage.read(file, RgbImage.DEFAULT_MAX_PIXELS).shape(), "as stored");
    }
}
