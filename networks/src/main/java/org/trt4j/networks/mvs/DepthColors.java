package org.trt4j.networks.mvs;

import java.awt.image.BufferedImage;

/** Depth and confidence maps as colour images (a blue-to-red ramp, near = red; confidence dark to bright). */
final class DepthColors {
    private DepthColors() {}

    /** Depth between lo and hi to a jet-like ramp; non-finite values black. */
    static BufferedImage depth(float[] d, int h, int w, float lo, float hi) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float span = hi > lo ? hi - lo : 1f;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                float v = d[y * w + x];
                img.setRGB(x, y, Float.isFinite(v) ? jet(1f - (v - lo) / span) : 0);
            }
        return img;
    }

    /** Confidence in [0, 1] to the same ramp (low = blue, high = red). */
    static BufferedImage confidence(float[] c, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, jet(c[y * w + x]));
        return img;
    }

    /** t in [0, 1] (clamped; NaN 0) to blue, cyan, yellow, red. */
    static int jet(float t) {
        float v = Float.isNaN(t) ? 0f : Math.max(0f, Math.min(1f, t));
        int r = channel(1.5f - Math.abs(4f * v - 3f)), g = channel(1.5f - Math.abs(4f * v - 2f)), b = channel(1.5f - Math.abs(4f * v - 1f));
        return (r << 16) | (g << 8) | b;
    }

    private static int channel(float f) { return Math.round(255f * Math.max(0f, Math.min(1f, f))); }
}
