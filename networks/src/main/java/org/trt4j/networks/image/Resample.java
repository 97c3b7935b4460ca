package org.trt4j.networks.image;

import org.trt4j.runtime.tensor.HostTensor;

/** Resizing for the commands that fit a large photo to a network: area averaging down, nearest neighbour for label maps. */
public final class Resample {
    private Resample() {}

    /**
     * An NCHW image shrunk to oh x ow by area averaging (each output pixel the mean of the input area it covers,
     * partial pixels weighted by their share, as PIL's BOX filter): no aliasing at any factor.
     */
    public static HostTensor area(HostTensor image, int oh, int ow) {
        int n = image.shape()[0], c = image.shape()[1], h = image.shape()[2], w = image.shape()[3];
        if (oh > h || ow > w || oh < 1 || ow < 1) throw new IllegalArgumentException("area resampling shrinks: " + h + "x" + w + " to " + oh + "x" + ow);
        float[] in = image.floats(), out = new float[n * c * oh * ow], row = new float[ow];
        double sy = (double) h / oh, sx = (double) w / ow;
        for (int p = 0; p < n * c; p++)
            for (int y = 0; y < oh; y++) {
                java.util.Arrays.fill(row, 0f);
                double top = y * sy, bottom = (y + 1) * sy;
                for (int iy = (int) top; iy < Math.min(h, Math.ceil(bottom)); iy++) {
                    double wy = Math.min(bottom, iy + 1) - Math.max(top, iy);
                    int base = (p * h + iy) * w;
                    for (int x = 0; x < ow; x++) {
                        double left = x * sx, right = (x + 1) * sx, sum = 0;
                        for (int ix = (int) left; ix < Math.min(w, Math.ceil(right)); ix++)
                            sum += in[base + ix] * (Math.min(right, ix + 1) - Math.max(left, ix));
                        row[x] += (float) (sum * wy);
                    }
                }
                float norm = (float) (1 / (sy * sx));
                for (int x = 0; x < ow; x++) out[(p * oh + y) * ow + x] = row[x] * norm;
            }
        return HostTensor.of(out, n, c, oh, ow);
    }

    /** A label map [h, w] enlarged to oh x ow by nearest neighbour (the label whose area holds each pixel's centre). */
    public static int[] nearest(int[] labels, int h, int w, int oh, int ow) {
        int[] out = new int[oh * ow];
        for (int y = 0; y < oh; y++) {
            int sy = Math.min(h - 1, (int) ((y + 0.5) * h / oh));
            for (int x = 0; x < ow; x++) out[y * ow + x] = labels[sy * w + Math.min(w - 1, (int) ((x + 0.5) * w / ow))];
        }
        return out;
    }
}
