package org.trt4j.runtime.cpu.kernels;

import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;
import java.util.Arrays;
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
    /** Below these (a network's first layers; planes of 7x7 outputs) im2col + GEMM is as fast or faster. */
    private static final int MIN_CHANNELS = 16, MIN_TILES = 32;
    /**
     * Tiles per block: as many as keep a block's transformed inputs and products in about 2 MB, but at least
     * MIN_BLOCK (narrower products run less well; 1 MB and 128 tiles, 4 MB and 512 were slower on YOLOv3's layers).
     */
    private static final int BLOCK_FLOATS = 1 << 19, MIN_BLOCK = 256;
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
     * inputs transformed, multiplied and transformed back while they are in cache); a smaller one as
     * one block whose steps each run in parallel.
     */
    static void convolution(Convolution.Geometry g, float[] x, float[] weights, float[] bias, Epilogue epilogue, float[] out,
                            int n, int c, int o) {
        Layer l = new Layer(g, x, transformedWeights(weights, o, c), bias, epilogue, out, c, o);
        // whole groups of d tile rows (2d output rows) per block, so that each block writes a run of output rows
        int rows = l.rows.length, d = g.d[1];
        int tileRows = Math.max(1, Math.max(MIN_BLOCK, BLOCK_FLOATS / (16 * (c + o))) / l.cols.length);
        int perBlock = (tileRows + d - 1) / d * d;
        int blocks = (rows + perBlock - 1) / perBlock;
        for (int b = 0; b < n; b++) {
            int xOff = b * c * l.inPlane, outOff = b * o * l.outPlane;
            if (blocks < 2 * PARTS) {
                l.block(xOff, outOff, 0, rows, true, Convolution.TIMES);
                continue;
            }
            long start = System.nanoTime();
            long[] spent = new long[3];
            IntStream.range(0, blocks).parallel()
                    .forEach(k -> l.block(xOff, outOff, k * perBlock, Math.min(rows, (k + 1) * perBlock), false, spent));
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
        /** Tiles whose right-hand outputs lie inside the row: all but the last ones of an odd width (a prefix). */
        final int fullTiles;

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
            int full = cols.length;
            while (full > 0 && cols[full - 1] + g.d[2] >= g.out[2]) full--;
            this.fullTiles = full;
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
            each(parallel, c, ci -> transformInput(ci, first, last, xOff, v, nb));
            long t1 = System.nanoTime();
            each(parallel, 16, xi -> gemm.product(u, (long) xi * o * c, (long) xi * c * nb, (long) xi * o * nb, o, nb, c));
            long t2 = System.nanoTime();
            // the block's output rows [from, to) (first is a multiple of the dilation), finished per channel in one go
            int from = origin(first, g.d[1]), to = last == rows.length ? g.out[1] : origin(last, g.d[1]), ow = g.out[2];
            each(parallel, o, oc -> {
                transformOutput(oc, first, last, outOff, m, nb);
                Convolution.finishChannel(out, outOff + oc * outPlane + from * ow, (to - from) * ow, oc, bias, epilogue);
            });
            long t3 = System.nanoTime();
            synchronized (spent) {
                spent[0] += t1 - t0;
                spent[1] += t2 - t1;
                spent[2] += t3 - t2;
            }
        }

        /**
         * v[xi][ci][tile] = (B^T d B)[xi] for the tiles of tile rows [first, last) of channel ci (nb of them): per
         * tile row, B^T across the four input rows as one vectorized pass over the (zero-padded) width, then · B per
         * tile; the block's values then go to v in 16 runs.
         */
        private void transformInput(int ci, int first, int last, int xOff, FloatBuffer v, int nb) {
            int w = g.in[2], dw = g.d[2], pad = g.p[2], nc = cols.length;
            // padded input columns 0 .. span-1 (column q is input column q - pad) reach the last tile's last tap
            int span = cols[nc - 1] + 3 * dw + 1, inside = Math.max(0, Math.min(w, span - pad));
            float[][] s = rowScratch(Math.max(Math.max(span, w), nb));
            for (int ty = first; ty < last; ty++) transformInputRow(ty, xOff + ci * inPlane, s, span, inside, (ty - first) * nc);
            for (int xi = 0; xi < 16; xi++) v.put((xi * c + ci) * nb, s[xi], 0, nb);
        }

        /** Tile row ty of the channel plane at x[chan] into s[xi][at + t]. */
        private void transformInputRow(int ty, int chan, float[][] s, int span, int inside, int at) {
            int h = g.in[1], w = g.in[2], dh = g.d[1], dw = g.d[2], pad = g.p[2], nc = cols.length;
            // input rows y0 + i * dh, each from x or (in the padding) from the zero row
            int y0 = rows[ty] - g.p[1];
            boolean in0 = y0 >= 0 && y0 < h, in1 = y0 + dh >= 0 && y0 + dh < h;
            boolean in2 = y0 + 2 * dh >= 0 && y0 + 2 * dh < h, in3 = y0 + 3 * dh >= 0 && y0 + 3 * dh < h;
            float[] zeros = s[20];
            inputPass(in0 ? x : zeros, in0 ? chan + y0 * w : 0, in1 ? x : zeros, in1 ? chan + (y0 + dh) * w : 0,
                    in2 ? x : zeros, in2 ? chan + (y0 + 2 * dh) * w : 0, in3 ? x : zeros, in3 ? chan + (y0 + 3 * dh) * w : 0,
                    s[16], s[17], s[18], s[19], pad, inside);
            for (int k = 16; k < 20; k++) {
                Arrays.fill(s[k], 0, Math.min(pad, span), 0f);
                Arrays.fill(s[k], Math.min(span, pad + inside), span, 0f);
            }
            for (int k = 0; k < 4; k++) {
                float[] a = s[16 + k], e0 = s[4 * k], e1 = s[4 * k + 1], e2 = s[4 * k + 2], e3 = s[4 * k + 3];
                for (int t = 0; t < nc; t++) {
                    int col = cols[t];
                    float p = a[col], q1 = a[col + dw], q2 = a[col + 2 * dw], q3 = a[col + 3 * dw];
                    e0[at + t] = p - q2;
                    e1[at + t] = q1 + q2;
                    e2[at + t] = q2 - q1;
                    e3[at + t] = q1 - q3;
                }
            }
        }

        /**
         * Output channel oc's tile rows [first, last) from its products m[xi][oc][tile] (nb of them, read in 16
         * runs): A^T m A per tile row as passes across the row's tiles that the JIT vectorizes, then the 2x2 outputs
         * scattered into place.
         */
        private void transformOutput(int oc, int first, int last, int outOff, FloatBuffer m, int nb) {
            int ow = g.out[2], dh = g.d[1], dw = g.d[2], nc = cols.length;
            float[][] s = rowScratch(nb);
            for (int xi = 0; xi < 16; xi++) m.get((xi * o + oc) * nb, s[xi], 0, nb);
            for (int ty = first; ty < last; ty++) {
                int at = (ty - first) * nc, top = outOff + oc * outPlane + rows[ty] * ow;
                // A^T m per column j: the top row into s[j], the bottom one into s[12 + j]; then · A on each row
                for (int j = 0; j < 4; j++) outputPass(s[j], s[4 + j], s[8 + j], s[12 + j], s[j], s[12 + j], at, nc);
                outputPass(s[0], s[1], s[2], s[3], s[4], s[5], at, nc);
                scatter(s[4], s[5], at, top, dw);
                if (rows[ty] + dh >= g.out[1]) continue;
                outputPass(s[12], s[13], s[14], s[15], s[6], s[7], at, nc);
                scatter(s[6], s[7], at, top + dh * ow, dw);
            }
        }

        /** One output row at out[row]: left[at + t] at column cols[t], right[at + t] dw further on (where inside the row). */
        private void scatter(float[] left, float[] right, int at, int row, int dw) {
            for (int t = 0; t < fullTiles; t++) {
                out[row + cols[t]] = left[at + t];
                out[row + cols[t] + dw] = right[at + t];
            }
            for (int t = fullTiles; t < cols.length; t++) out[row + cols[t]] = left[at + t];
        }
    }

    /** p[t] = a[t] + b[t] + c[t] and q[t] = b[t] - c[t] - d[t] for t in [at, at + n): A^T on a column of tiles (p, q may be a, d). */
    private static void outputPass(float[] a, float[] b, float[] c, float[] d, float[] p, float[] q, int at, int n) {
        for (int t = at, end = at + n; t < end; t++) {
            float x = b[t], y = c[t];
            p[t] = a[t] + x + y;
            q[t] = x - y - d[t];
        }
    }

    /**
     * a0 = r0 - r2, a1 = r1 + r2, a2 = r2 - r1, a3 = r1 - r3 (B^T across four rows) for n values, read from each
     * r at its offset and written to each a from offset at.
     */
    private static void inputPass(float[] r0, int o0, float[] r1, int o1, float[] r2, int o2, float[] r3, int o3,
                                  float[] a0, float[] a1, float[] a2, float[] a3, int at, int n) {
        for (int q = 0; q < n; q++) {
            float x0 = r0[o0 + q], x1 = r1[o1 + q], x2 = r2[o2 + q], x3 = r3[o3 + q];
            a0[at + q] = x0 - x2;
            a1[at + q] = x1 + x2;
            a2[at + q] = x2 - x1;
            a3[at + q] = x1 - x3;
        }
    }

    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[21][0]);

    /** This thread's scratch rows of at least n floats: 0-15 the tiles' 16 values, 16-19 input rows, 20 zeros (never written). */
    private static float[][] rowScratch(int n) {
        float[][] rows = ROWS.get();
        if (rows[0].length < n) for (int i = 0; i < rows.length; i++) rows[i] = new float[n];
        return rows;
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
