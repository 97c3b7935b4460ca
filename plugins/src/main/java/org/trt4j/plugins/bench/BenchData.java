package org.trt4j.plugins.bench;

import java.util.Random;

/** Deterministic inputs at MVS sizes for the plugin benchmark and the GPU tests. */
public final class BenchData {
    private BenchData() {}

    /** C×H×W feature map of standard normal values. */
    public static float[] features(int c, int h, int w, long seed) {
        Random random = new Random(seed);
        float[] x = new float[c * h * w];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        return x;
    }

    /**
     * A 1×(D·H)×W×2 grid as MVS homography warping makes it: for depth plane d, each reference pixel moves by a
     * rotation of 0.05 rad and a translation scaled by 1/depth, normalized for align_corners=true. Some points leave
     * the map, as real warps do.
     */
    public static float[] homographyGrid(int depths, int h, int w) {
        float[] grid = new float[depths * h * w * 2];
        double angle = 0.05, cos = Math.cos(angle), sin = Math.sin(angle), focal = 0.8 * w;
        int i = 0;
        for (int d = 0; d < depths; d++) {
            double depth = 2.0 + 0.1 * d;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double rx = (x - w / 2.0) / focal, ry = (y - h / 2.0) / focal;
                    double px = cos * rx + sin + 0.3 / depth, pz = -sin * rx + cos + 0.05 / depth, py = ry - 0.1 / depth;
                    double u = focal * px / pz + w / 2.0, v = focal * py / pz + h / 2.0;
                    grid[i++] = (float) (u / ((w - 1) / 2.0) - 1);
                    grid[i++] = (float) (v / ((h - 1) / 2.0) - 1);
                }
            }
        }
        return grid;
    }

    /** {@code batch} well-conditioned n×n matrices: standard normal / sqrt(n) plus 2·I. */
    public static float[] wellConditionedMatrices(int batch, int n, long seed) {
        Random random = new Random(seed);
        float[] a = new float[batch * n * n];
        double scale = 1 / Math.sqrt(n);
        for (int b = 0; b < batch; b++)
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++)
                    a[(b * n + r) * n + c] = (float) (random.nextGaussian() * scale + (r == c ? 2 : 0));
        return a;
    }
}
