package org.trt4j.networks.image;

import java.awt.image.BufferedImage;

/** The 21 Pascal VOC classes that torchvision's COCO-VOC segmentation weights predict, and the VOC color palette. */
public final class VocClasses {
    private VocClasses() {}

    public static final String[] NAMES = {
            "background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
            "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor"};

    /** VOC palette: class c's color bits come from c's bits, spread over R, G and B (the devkit's bitget rule). */
    public static int rgb(int classIndex) {
        int r = 0, g = 0, b = 0, c = classIndex;
        for (int shift = 7; shift >= 0 && c > 0; shift--, c >>= 3) {
            r |= (c & 1) << shift;
            g |= ((c >> 1) & 1) << shift;
            b |= ((c >> 2) & 1) << shift;
        }
        return (r << 16) | (g << 8) | b;
    }

    /** Colorized class map (H x W class indices, row-major). */
    public static BufferedImage colorize(int[] classes, int height, int width) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] argb = new int[classes.length];
        for (int i = 0; i < argb.length; i++) argb[i] = 0xff000000 | rgb(classes[i]);
        image.setRGB(0, 0, width, height, argb, 0, width);
        return image;
    }

    /** The photo with the class colors blended in (alpha 0.5) where the class is not background. */
    public static BufferedImage overlay(BufferedImage photo, int[] classes) {
        int w = photo.getWidth(), h = photo.getHeight();
        int[] argb = photo.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            if (classes[i] == 0) continue;
            int p = argb[i], c = rgb(classes[i]);
            int r = (((p >> 16) & 0xff) + ((c >> 16) & 0xff)) / 2;
            int g = (((p >> 8) & 0xff) + ((c >> 8) & 0xff)) / 2;
            int b = ((p & 0xff) + (c & 0xff)) / 2;
            argb[i] = 0xff000000 | (r << 16) | (g << 8) | b;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }
}
