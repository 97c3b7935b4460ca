package org.trt4j.plugins.bench;

import java.util.Random;

/** Deterministic inputs (MVS sizes, detection scenes) for the plugin benchmark and the GPU tests. */
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

    /** YOLOv3 at 608x608: 3 anchors on 19², 38² and 76² cells. */
    public static final int YOLO_608_BOXES = 3 * (19 * 19 + 38 * 38 + 76 * 76);
    public static final int COCO_CLASSES = 80;

    /**
     * n x b corner boxes (x1, y1, x2, y2) in a size x size image: centres clustered around a few points (so many
     * overlap, as decoded anchors do), widths and heights 4..size/3.
     */
    public static float[] detectionBoxes(int n, int b, int size, long seed) {
        Random random = new Random(seed);
        float[] boxes = new float[n * b * 4];
        for (int i = 0; i < n * b; i++) {
            float cx = (i % 7) * size / 7f + 20 * random.nextFloat(), cy = (i % 5) * size / 5f + 20 * random.nextFloat();
            float w = 4 + random.nextFloat() * size / 3f, h = 4 + random.nextFloat() * size / 3f;
            boxes[4 * i] = cx - w / 2;
            boxes[4 * i + 1] = cy - h / 2;
            boxes[4 * i + 2] = cx + w / 2;
            boxes[4 * i + 3] = cy + h / 2;
        }
        return boxes;
    }

    /** n x b x c scores as a trained detector gives them: below 0.05 except {@code strong} pairs per image in 0.5..1. */
    public static float[] realisticScores(int n, int b, int c, int strong, long seed) {
        Random random = new Random(seed);
        float[] scores = new float[n * b * c];
        for (int i = 0; i < scores.length; i++) scores[i] = 0.05f * random.nextFloat();
        for (int image = 0; image < n; image++)
            for (int s = 0; s < strong; s++)
                scores[image * b * c + random.nextInt(b * c)] = 0.5f + 0.5f * random.nextFloat();
        return scores;
    }

    /**
     * n x b x c scores as seeded random weights give them: sigmoids saturate, so {@code saturatedPercent}% of the
     * pairs score exactly 1.0f, the others 0..1.
     */
    public static float[] saturatedScores(int n, int b, int c, int saturatedPercent, long seed) {
        Random random = new Random(seed);
        float[] scores = new float[n * b * c];
        for (int i = 0; i < scores.length; i++) scores[i] = random.nextInt(100) < saturatedPercent ? 1f : random.nextFloat();
        return scores;
    }
}
