package org.trt4j.networks.image;

import org.junit.jupiter.api.Test;

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
}
