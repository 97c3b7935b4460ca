package org.trt4j.networks.image;

import org.junit.jupiter.api.Test;
import org.trt4j.networks.yolov3.Detection;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LetterboxTest {

    @Test
    void keepsTheAspectPadsWithGrayAndMapsBoxesBack() {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) for (int x = 0; x < 200; x++) image.setRGB(x, y, 0xff0000);
        float[] input = new float[3 * 128 * 128];
        Letterbox.Placement p = new Letterbox(128, true).fill(image, input, 0);
        assertEquals(0.64f, p.scaleX(), 1e-6f);
        assertEquals(32f, p.dy());
        int plane = 128 * 128;
        assertEquals(128 / 255f, input[0], 1e-6f, "gray padding above the image");
        assertEquals(1f, input[64 * 128 + 64], 1e-6f, "red inside");
        assertEquals(0f, input[plane + 64 * 128 + 64], 1e-6f, "no green inside");
        Detection whole = new Detection(0, 32, 128, 96, 0.9f, 1).inImage(p);
        assertEquals(new Detection(0, 0, 200, 100, 0.9f, 1), whole);
        Detection clipped = new Detection(-10, 0, 140, 128, 0.9f, 1).inImage(p);
        assertEquals(new Detection(0, 0, 200, 100, 0.9f, 1), clipped);
    }

    @Test
    void plainResizeStretchesEachAxis() {
        Letterbox.Placement p = new Letterbox(128, false).place(256, 64);
        assertEquals(new Detection(50, 10, 100, 20, 0.5f, 0), new Detection(25, 20, 50, 40, 0.5f, 0).inImage(p));
    }
}
