package org.trt4j.networks.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Fits an image into the square network input: letterbox (aspect kept, centred, gray 128 padding, as Darknet) or
 * plain resize. The input tensor is RGB, CHW, values / 255. The {@link Placement} maps boxes back to the original image.
 */
public final class Letterbox {
    private final int size;
    private final boolean keepAspect;

    public Letterbox(int size, boolean keepAspect) {
        this.size = size;
        this.keepAspect = keepAspect;
    }

    /** The placement of one image (width x height) in the input square: input = image * scale + d. */
    public record Placement(float scaleX, float scaleY, float dx, float dy, int width, int height) {}

    public Placement place(int width, int height) {
        if (!keepAspect) return new Placement((float) size / width, (float) size / height, 0, 0, width, height);
        float scale = Math.min((float) size / width, (float) size / height);
        int w = Math.round(width * scale), h = Math.round(height * scale);
        return new Placement(scale, scale, (size - w) / 2, (size - h) / 2, width, height);
    }

    /** Writes the image as 3 x size x size floats (RGB / 255) at {@code offset} of {@code out}. */
    public Placement fill(BufferedImage image, float[] out, int offset) {
        Placement p = place(image.getWidth(), image.getHeight());
        BufferedImage canvas = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, size, size);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int w = Math.round(image.getWidth() * p.scaleX()), h = Math.round(image.getHeight() * p.scaleY());
        g.drawImage(image, Math.round(p.dx()), Math.round(p.dy()), w, h, null);
        g.dispose();
        int plane = size * size;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                int rgb = canvas.getRGB(x, y);
                int at = offset + y * size + x;
                out[at] = ((rgb >> 16) & 0xff) / 255f;
                out[at + plane] = ((rgb >> 8) & 0xff) / 255f;
                out[at + 2 * plane] = (rgb & 0xff) / 255f;
            }
        return p;
    }
}
