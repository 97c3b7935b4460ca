package org.trt4j.runtime.cpu.kernels;

import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Winograd F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016) for the OpenBLAS
 * path's 3x3 stride-1 2-D convolutions with one group, any padding and dilation: each 4x4 input tile (taps a
 * dilation apart) becomes B^T d B, the 16 positions of a tile become 16 GEMMs [O, C] x [C, tiles] with the weights
 * transformed once per array (G g G^T), and each 4x4 product tile becomes 2x2 outputs (A^T m A). 2.25x fewer
 * multiply-adds than im2col + GEMM, and no nine-fold im2col matrix. {@code -Dtrt4j.cpu.winograd=false} turns it
 * off; {@code WinogradTest} checks it against a direct convolution.
 */
final class Winograd {
    private Winograd() {}

    private static final boolean ENABLED = !"false".equals(System.getProperty("trt4j.cpu.winograd"));
    /** Below these (a network's first layers; 13x13 planes) im2col + GEMM is faster: too little to gain per product. */
    private static final int MIN_CHANNELS = 16, MIN_TILES = 64;
    /**
     * Tiles per block: as many as keep a block's transformed inputs and products in about 1 MB (about a core's L2
     * cache), but at least MIN_BLOCK (narrower products run less well).
     */
    private static final int BLOCK_FLOATS = 1 << 18, MIN_BLOCK = 128;
    private static final int PARTS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Transformed weights [16][O][C] in native memory, per weight array (by identity), freed with the array. */
    private static final Map<float[], FloatPointer> WEIGHTS = Collections.synchronizedMap(new WeakHashMap<>());

    /** Whether the convolution of this geometry with c input channels runs here (OpenBLAS paying is the caller's check). */
    static boolean applies(Convolution.Geometry g, int c, int groups) {
        return ENABLED && groups == 1 && c >= MIN_CHANNELS && g.k[0] == 1 && g.k[1] == 3 && g.k[2] == 3 && g.in[0] == 1
                && g.out[0] == 1 && g.s[1] == 1 && g.s[2] == 1
                && (long) origins(g.out[1], g.d[1]).length * origins(g.out[2], g.d[2]).length >= MIN_TILES;
    }

    /**
     * The convolution of x [n, c, h, w] with weights [o, c, 3, 3] into out [n, o, oh, ow], bias and epilogue as in
     * {@link Convolution}. A plane of many tiles runs as blocks of tile rows, one block per task and core (its
     * inputs transformed, multiplied and transformed back while they are in that core's cache); a smaller one as
     * one block whose steps each run in parallel.
     */
    static void convolution(Convolution.Geometry g, float[] x, float[] weights, float[] bias, Epilogue epilogue, float[] out,
                            int n, int c, int o) {
        Layer l = new Layer(g, x, transformedWeights(weights, o, c), bias, epilogue, out, c, o);
        int rows = l.rows.length, perBlock = Math.max(1, Math.max(MIN_BLOCK, BLOCK_FLOATS / (16 * (c + o))) / l.cols.length);
        int blocks = (rows + perBlock - 1) / perBlock;
        for (int b = 0; b < n; b++) {
            int xOff = b * c * l.inPlane, outOff = b * o * l.outPlane;
            if (blocks < 2 * PARTS) {
                l.block(xOff, outOff, 0, rows, true, Convolution.TIMES);
                continue;
            }
            long start = System.nanoTime();
            long[] spent = new long[3];
            IntStream.range(0, blocks).parallel().forEach(k -> l.block(xOff, outOff, k * perBlock, Math.min(rows, (k + 1) * perBlock), false, spent));
            // the profile's wall-clock split: the blocks' summed step times in proportion
            long wall = System.nanoTime() - start, sum = Math.max(1, spent[0] + spent[1] + spent[2]);
            for (int i = 0; i < 3; i++) Convolution.TIMES[i] += wall * spent[i] / sum;
        }
    }

    /** Tile origins along one dim: tile j covers outputs j / d * 2d + j % d and that plus d (which may lie past the end). */
    private static int[] origins(int extent, int d) {
        int count = 0;
        while (origin(count, d) < extent) count++;
        int[] at = new int[count];
        for (int j = 0; j < count; j++) at[j] = origin(j, d);
        return at;
    }

    private static int origin(int j, int d) { return j / d * 2 * d + j % d; }

    private static void each(boolean parallel, int n, IntConsumer body) {
        if (parallel) IntStream.range(0, n).parallel().forEach(body);
        else for (int i = 0; i < n; i++) body.accept(i);
    }

    /** One convolution's operands and tiling: tile rows {@code rows} by tile columns {@code cols}. */
    private static final class Layer {
        final Convolution.Geometry g;
        final int[] rows, cols;
        final float[] x, bias, out;
        final FloatPointer u;
        final Epilogue epilogue;
        final int c, o, inPlane, outPlane;

        Layer(Convolution.Geometry g, float[] x, FloatPointer u, float[] bias, Epilogue epilogue, float[] out, int c, int o) {
            this.g = g;
            this.rows = origins(g.out[1], g.d[1]);
            this.cols = origins(g.out[2], g.d[2]);
            this.x = x;
            this.u = u;
            this.bias = bias;
            this.epilogue = epilogue;
            this.out = out;
            this.c = c;
            this.o = o;
            this.inPlane = g.in[1] * g.in[2];
            this.outPlane = g.out[1] * g.out[2];
        }

        /**
         * Tile rows [first, last) of one image: inputs transformed into this thread's B buffer v[xi][ci][tile], 16
         * products into its C buffer m[xi][oc][tile], outputs transformed back; each step in parallel or not.
         * Adds the steps' times to spent.
         */
        void block(int xOff, int outOff, int first, int last, boolean parallel, long[] spent) {
            NativeGemm gemm = NativeGemm.forThisThread();
            int count = last - first, nb = count * cols.length;
            FloatBuffer v = gemm.b(16L * c * nb), m = gemm.c(16L * o * nb);
            long t0 = System.nanoTime();
            each(parallel, c * count, task -> transformInput(first + task % count, task / count, xOff, v, (task % count) * cols.length, nb));
            long t1 = System.nanoTime();
            each(parallel, 16, xi -> gemm.product(u, (long) xi * o * c, (long) xi * c * nb, (long) xi * o * nb, o, nb, c));
            long t2 = System.nanoTime();
            each(parallel, o * count, task -> transformOutput(first + task % count, task / count, outOff, m, (task % count) * cols.length, nb));
            long t3 = System.nanoTime();
            synchronized (spent) {
                spent[0] += t1 - t0;
                spent[1] += t2 - t1;
                spent[2] += t3 - t2;
            }
        }

        /** v[xi][ci][offset + t] = (B^T d B)[xi] for tile t of tile row ty of channel ci; nb tiles per row of v. */
        private void transformInput(int ty, int ci, int xOff, FloatBuffer v, int offset, int nb) {
            int h = g.in[1], w = g.in[2], dh = g.d[1], dw = g.d[2], nc = cols.length, chan = xOff + ci * inPlane;
            float[] s = Convolution.Geometry.scratch(16 * nc);
            int y0 = rows[ty] - g.p[1];
            boolean rowsInside = y0 >= 0 && y0 + 3 * dh < h;
            int r0 = chan + y0 * w, r1 = r0 + dh * w, r2 = r1 + dh * w, r3 = r2 + dh * w;
            for (int t = 0; t < nc; t++) {
                int x0 = cols[t] - g.p[2], x1 = x0 + dw, x2 = x1 + dw, x3 = x2 + dw;
                float d00, d01, d02, d03, d10, d11, d12, d13, d20, d21, d22, d23, d30, d31, d32, d33;
                if (rowsInside && x0 >= 0 && x3 < w) {
                    d00 = x[r0 + x0]; d01 = x[r0 + x1]; d02 = x[r0 + x2]; d03 = x[r0 + x3];
                    d10 = x[r1 + x0]; d11 = x[r1 + x1]; d12 = x[r1 + x2]; d13 = x[r1 + x3];
                    d20 = x[r2 + x0]; d21 = x[r2 + x1]; d22 = x[r2 + x2]; d23 = x[r2 + x3];
                    d30 = x[r3 + x0]; d31 = x[r3 + x1]; d32 = x[r3 + x2]; d33 = x[r3 + x3];
                } else {
                    d00 = at(chan, y0, x0); d01 = at(chan, y0, x1); d02 = at(chan, y0, x2); d03 = at(chan, y0, x3);
                    d10 = at(chan, y0 + dh, x0); d11 = at(chan, y0 + dh, x1); d12 = at(chan, y0 + dh, x2); d13 = at(chan, y0 + dh, x3);
                    d20 = at(chan, y0 + 2 * dh, x0); d21 = at(chan, y0 + 2 * dh, x1); d22 = at(chan, y0 + 2 * dh, x2); d23 = at(chan, y0 + 2 * dh, x3);
                    d30 = at(chan, y0 + 3 * dh, x0); d31 = at(chan, y0 + 3 * dh, x1); d32 = at(chan, y0 + 3 * dh, x2); d33 = at(chan, y0 + 3 * dh, x3);
                }
                // B^T d: rows (d0 - d2, d1 + d2, d2 - d1, d1 - d3), then the same on each row (· B)
                float a00 = d00 - d20, a01 = d01 - d21, a02 = d02 - d22, a03 = d03 - d23;
                float a10 = d10 + d20, a11 = d11 + d21, a12 = d12 + d22, a13 = d13 + d23;
                float a20 = d20 - d10, a21 = d21 - d11, a22 = d22 - d12, a23 = d23 - d13;
                float a30 = d10 - d30, a31 = d11 - d31, a32 = d12 - d32, a33 = d13 - d33;
                s[t] = a00 - a02; s[nc + t] = a01 + a02; s[2 * nc + t] = a02 - a01; s[3 * nc + t] = a01 - a03;
                s[4 * nc + t] = a10 - a12; s[5 * nc + t] = a11 + a12; s[6 * nc + t] = a12 - a11; s[7 * nc + t] = a11 - a13;
                s[8 * nc + t] = a20 - a22; s[9 * nc + t] = a21 + a22; s[10 * nc + t] = a22 - a21; s[11 * nc + t] = a21 - a23;
                s[12 * nc + t] = a30 - a32; s[13 * nc + t] = a31 + a32; s[14 * nc + t] = a32 - a31; s[15 * nc + t] = a31 - a33;
            }
            for (int xi = 0; xi < 16; xi++) v.put((xi * c + ci) * nb + offset, s, xi * nc, nc);
        }

        /** The input value at (iy, ix) of the plane at x[chan], 0 in the padding. */
        private float at(int chan, int iy, int ix) {
            return iy >= 0 && iy < g.in[1] && ix >= 0 && ix < g.in[2] ? x[chan + iy * g.in[2] + ix] : 0f;
        }

        /**
         * Tile row ty of output channel oc from its products m[xi][oc][offset + t] (A^T m A; nb tiles per row of m),
         * then bias and epilogue on the output rows written.
         */
        private void transformOutput(int ty, int oc, int outOff, FloatBuffer m, int offset, int nb) {
            int oh = g.out[1], ow = g.out[2], dh = g.d[1], dw = g.d[2], nc = cols.length;
            float[] s = Convolution.Geometry.scratch(16 * nc);
            for (int xi = 0; xi < 16; xi++) m.get((xi * o + oc) * nb + offset, s, xi * nc, nc);
            int row = rows[ty], top = outOff + oc * outPlane + row * ow, bottom = top + dh * ow;
            boolean second = row + dh < oh;
            for (int t = 0; t < nc; t++) {
                // A^T m: (m0 + m1 + m2, m1 - m2 - m3) per column, then the same on each of the two rows (· A)
                float m4 = s[4 * nc + t], m5 = s[5 * nc + t], m6 = s[6 * nc + t], m7 = s[7 * nc + t];
                float m8 = s[8 * nc + t], m9 = s[9 * nc + t], m10 = s[10 * nc + t], m11 = s[11 * nc + t];
                float r00 = s[t] + m4 + m8, r01 = s[nc + t] + m5 + m9, r02 = s[2 * nc + t] + m6 + m10, r03 = s[3 * nc + t] + m7 + m11;
                int col = cols[t];
                boolean right = col + dw < ow;
                out[top + col] = r00 + r01 + r02;
                if (right) out[top + col + dw] = r01 - r02 - r03;
                if (second) {
                    float r10 = m4 - m8 - s[12 * nc + t], r11 = m5 - m9 - s[13 * nc + t], r12 = m6 - m10 - s[14 * nc + t], r13 = m7 - m11 - s[15 * nc + t];
                    out[bottom + col] = r10 + r11 + r12;
                    if (right) out[bottom + col + dw] = r11 - r12 - r13;
                }
            }
            Convolution.finishChannel(out, top, ow, oc, bias, epilogue);
            if (second) Convolution.finishChannel(out, bottom, ow, oc, bias, epilogue);
        }
    }

    private static FloatPointer transformedWeights(float[] weights, int o, int c) {
        FloatPointer u = WEIGHTS.get(weights);
        if (u != null) return u;
        FloatPointer p = new FloatPointer(16L * o * c);
        FloatBuffer view = p.asBuffer();
        Tensors.parallelFor(o, 16L * c, oc -> {
            float[] row = new float[16 * c], gg = new float[12];
            for (int ci = 0; ci < c; ci++) {
                int at = (oc * c + ci) * 9;
                // G g G^T with G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]: first G g (4x3), then (G g) G^T (4x4)
                for (int j = 0; j < 3; j++) {
                    float g0 = weights[at + j], g1 = weights[at + 3 + j], g2 = weights[at + 6 + j];
                    gg[j] = g0;
                    gg[3 + j] = 0.5f * (g0 + g1 + g2);
                    gg[6 + j] = 0.5f * (g0 - g1 + g2);
                    gg[9 + j] = g2;
                }
                for (int i = 0; i < 4; i++) {
                    float g0 = gg[3 * i], g1 = gg[3 * i + 1], g2 = gg[3 * i + 2];
                    row[(4 * i) * c + ci] = g0;
                    row[(4 * i + 1) * c + ci] = 0.5f * (g0 + g1 + g2);
                    row[(4 * i + 2) * c + ci] = 0.5f * (g0 - g1 + g2);
                    row[(4 * i + 3) * c + ci] = g2;
                }
            }
            for (int xi = 0; xi < 16; xi++) view.put((xi * o + oc) * c, row, xi * c, c);
        });
        WEIGHTS.put(weights, p);
        return p;
    }
}
