package org.trt4j.networks.image;

import org.junit.jupiter.api.Test;
import org.trt4j.networks.fcn.SegmentCommand;
import org.trt4j.runtime.tensor.HostTensor;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VocClassesTest {
    @Test void paletteMatchesTheVocDevkit() {
        assertEquals(0x000000, VocClasses.rgb(0));
        assertEquals(0x800000, VocClasses.rgb(1));   // aeroplane (128, 0, 0)
        assertEquals(0x008000, VocClasses.rgb(2));   // bicycle (0, 128, 0)
        assertEquals(0xC00000, VocClasses.rgb(9));   // chair (192, 0, 0)
        assertEquals(0xC08080, VocClasses.rgb(15));  // person (192, 128, 128)
        assertEquals(0x004080, VocClasses.rgb(20));  // tvmonitor (0, 64, 128)
        assertEquals(21, VocClasses.NAMES.length);
        assertEquals("person", VocClasses.NAMES[15]);
    }

    @Test void colorizeAndOverlayKeepBackground() {
        int[] classes = {0, 15, 20, 0};
        BufferedImage mask = VocClasses.colorize(classes, 2, 2);
        assertEquals(0xC08080, mask.getRGB(1, 0) & 0xffffff);
        BufferedImage photo = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        photo.setRGB(0, 0, 0x102030);
        photo.setRGB(1, 0, 0x000000);
        BufferedImage over = VocClasses.overlay(photo, classes);
        assertEquals(0x102030, over.getRGB(0, 0) & 0xffffff, "background pixels stay the photo");
        assertEquals(0x604040, over.getRGB(1, 0) & 0xffffff, "class pixels are half photo, half class color");
    }

    @Test void normalizationIsImageNets() {
        HostTensor rgb = HostTensor.of(new float[]{0.485f, 1f, 0.456f, 0f, 0.406f, 0.5f}, 1, 3, 1, 2);
        float[] n = SegmentCommand.normalize(rgb).floats();
        assertEquals(0f, n[0], 1e-6);
        assertEquals((1f - 0.485f) / 0.229f, n[1], 1e-6);
        assertEquals(0f, n[2], 1e-6);
        assertEquals((0f - 0.456f) / 0.224f, n[3], 1e-6);
        assertEquals((0.5f - 0.406f) / 0.225f, n[5], 1e-6);
    }
}
