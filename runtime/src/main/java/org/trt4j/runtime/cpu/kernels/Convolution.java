package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Arrays;

/**
 * Convolution and transposed convolution over 1, 2 or 3 trailing spatial dimensions (NCW, NCHW, NCDHW), float32,
 * by im2col/col2im and {@link Gemm}; 3x3 stride-1 convolutions on the OpenBLAS path by {@link Winograd}.
 */
public final class Convolution {
    private Convolution() {}

    /**
     * Matches {@code torch.nn.functional.conv1d/conv2d/conv3d(F.pad(x, pads), weight, bias, stride, 0, dilation, groups)}:
     * TensorRT IConvolutionLayer semantics with separate pre (leading) and post (trailing) zero padding per spatial
     * dim. x is [N, C, spatial...], weight [O, C/groups, k...], bias [O] or null. Output spatial size per dim:
     * floor((in + pre + post - dilation*(k-1) - 1) / stride) + 1.
     */
    public static HostTensor convolution(HostTensor x, HostTensor weight, HostTensor bias, int[] stride,
                                         int[] padPre, int[] padPost, int[] dilation, int groups) {
        return convolution(x, weight, bias, stride, padPre, padPost, dilation, groups, null);
    }

    /** The convolution with a per-channel scale, shift and activation applied to its output ({@code epilogue}, may be null). */
    public static HostTensor convolution(HostTensor x, HostTensor weight, HostTensor bias, int[] stride,
                                         int[] padPre, int[] padPost, int[] dilation, int groups, Epilogue epilogue) {
        String op = "convolution";
        Tensors.requireFloat(x, op);
        Tensors.requireFloat(weight, op);
        int r = weight.rank() - 2;
        if (r < 1 || r > 3) throw new UserError(op + ": weight must be [O, C/groups, k...] with 1-3 spatial dims, got " + weight);
        Tensors.requireRank(x, r + 2, op);
        checkParams(r, stride, padPre, padPost, dilation, groups, op);
        int n = x.shape()[0], c = x.shape()[1], o = weight.shape()[0], cg = weight.shape()[1];
        if (c != cg * groups || o % groups != 0)
            throw new UserError(op + ": input " + x + " with weight " + weight + " and groups=" + groups + " do not match");
        checkBias(bias, o, op);
        Geometry g = Geometry.of(x.shape(), weight.shape(), stride, padPre, dilation, r);
        int[] outShape = new int[r + 2];
        outShape[0] = n;
        outShape[1] = o;
        for (int i = 0; i < r; i++) {
            int in = x.shape()[2 + i], k = weight.shape()[2 + i];
            int span = in + padPre[i] + padPost[i] - dilation[i] * (k - 1) - 1;
            if (span < 0) throw new UserError(op + ": kernel " + Arrays.toString(weight.shape()) + " does not fit input " + x + " with padding");
            outShape[2 + i] = span / stride[i] + 1;
        }
        g.setOutput(outShape, r);
        int og = o / groups, kvol = g.kernelVolume(), rows = cg * kvol;
        int inVol = g.inVolume(), outVol = g.outVolume();
        float[] xs = x.floats(), ws = weight.floats();
        boolean pointwise = kvol == 1 && g.isIdentityWindow();
        boolean blas = NativeGemm.pays(og, outVol, rows);
        long tAlloc = System.nanoTime();
        // the OpenBLAS path writes every output element; the Java GEMM accumulates into zeros
        float[] out = blas ? ArrayPool.take(Tensors.numel(outShape)) : new float[Tensors.numel(outShape)];
        TIMES_ALLOC[0] += System.nanoTime() - tAlloc;
        if (blas && Winograd.applies(g, c, groups)) {
            Winograd.convolution(g, xs, ws, bias == null ? null : bias.floats(), epilogue, out, n, c, o);
            return Tensors.floats(out, outShape);
        }
        if (blas) {
            nativeConvolution(g, xs, ws, bias == null ? null : bias.floats(), epilogue, out, n, c, o, groups, pointwise);
            return Tensors.floats(out, outShape);
        }
        // Images and groups run as parallel tasks (depthwise convolutions have tiny GEMMs), each GEMM in parallel too.
        Tensors.parallelFor(n * groups, (long) og * rows * outVol, task -> {
            int b = task / groups, gi = task % groups;
            int xOff = (b * c + gi * cg) * inVol;
            float[] src = xs;
            int srcOff = xOff;
            if (!pointwise) {
                src = new float[rows * outVol];
                g.im2col(xs, xOff, cg, src);
                srcOff = 0;
            }
            int outOff = (b * o + gi * og) * outVol;
            if (bias != null)
                for (int oc = 0; oc < og; oc++) Arrays.fill(out, outOff + oc * outVol, outOff + (oc + 1) * outVol, bias.floats()[gi * og + oc]);
            Gemm.multiplyAdd(ws, gi * og * rows, rows, src, srcOff, outVol, out, outOff, outVol, og, outVol, rows);
        });
        if (epilogue != null) // the bias is in already
            Tensors.parallelFor(n * o, outVol, bc -> epilogue.apply(out, bc * outVol, (bc + 1) * outVol, bc % o, 0f, false));
        return Tensors.floats(out, outShape);
    }

    /**
     * Nanoseconds spent in the OpenBLAS path's im2col (or {@link Winograd}'s input transform), GEMM and output
     * writing, and allocating outputs: figures for -Dtrt4j.cpu.profile (read and reset by the backend after a run;
     * not synchronized, so only a profile).
     */
    public static final long[] TIMES = new long[3], TIMES_ALLOC = new long[1];

    /**
     * The most floats the OpenBLAS path's im2col buffer holds (128 MB): a larger product runs in chunks of whole output
     * rows. Unchunked, SRCNN's 9x9 taps over a 2400x2400 output needed 1.4 G floats and CasMVSNet's 3x3x3 ones over
     * 48x96x192 764 M, past what the JVM would allocate.
     */
    static long colFloats = 1L << 25;

    /**
     * The same convolution with OpenBLAS: im2col written straight into the native B buffer (a 1x1 stride-1
     * convolution copies its input rows instead), weights native once per array, one GEMM per image, group and chunk
     * of output rows ({@link #colFloats}). Images and groups run one after another: OpenBLAS already uses every core.
     */
    private static void nativeConvolution(Geometry g, float[] xs, float[] ws, float[] bias, Epilogue epilogue, float[] out,
                                          int n, int c, int o, int groups, boolean pointwise) {
        int cg = c / groups, og = o / groups, rows = cg * g.kernelVolume(), inVol = g.inVolume(), outVol = g.outVolume();
        int outRows = g.out[0] * g.out[1], width = g.out[2];
        int chunkRows = (int) Math.max(1, Math.min(outRows, colFloats / ((long) rows * width)));
        NativeGemm gemm = NativeGemm.forThisThread();
        int most = chunkRows * width;
        java.nio.FloatBuffer col = gemm.b((long) rows * most), result = gemm.c((long) og * most);
        for (int b = 0; b < n; b++) {
            for (int gi = 0; gi < groups; gi++) {
                int xOff = (b * c + gi * cg) * inVol, outOff = (b * o + gi * og) * outVol, first = gi * og;
                for (int r0 = 0; r0 < outRows; r0 += chunkRows) {
                    int r1 = Math.min(outRows, r0 + chunkRows), cols = (r1 - r0) * width, at = r0 * width;
                    long t0 = System.nanoTime();
                    if (pointwise) for (int ci = 0; ci < rows; ci++) col.put(ci * cols, xs, xOff + ci * inVol + at, cols);
                    else g.im2col(xs, xOff, cg, r0, r1, col);
                    long t1 = System.nanoTime();
                    gemm.sgemm(false, false, og, cols, rows, ws, (long) gi * og * rows, rows, cols, 0f, cols);
                    long t2 = System.nanoTime();
                    TIMES[0] += t1 - t0;
                    TIMES[1] += t2 - t1;
                    // per channel: copy out of native memory, then bias and epilogue while the values are in cache
                    Tensors.parallelFor(og, cols, oc -> {
                        int from = outOff + oc * outVol + at;
                        result.get(oc * cols, out, from, cols);
                        finishChannel(out, from, cols, first + oc, bias, epilogue);
                    });
                    TIMES[2] += System.nanoTime() - t2;
                }
            }
        }
    }

    /** Adds the bias (may be null) to one output channel's values out[from, from + len) and applies the epilogue (may be null). */
    static void finishChannel(float[] out, int from, int len, int channel, float[] bias, Epilogue epilogue) {
        if (epilogue != null) epilogue.apply(out, from, from + len, channel, bias == null ? 0f : bias[channel], bias != null);
        else if (bias != null) for (int i = from, end = from + len; i < end; i++) out[i] += bias[channel];
    }

    /**
     * Matches {@code torch.nn.functional.conv_transpose1d/2d/3d(x, weight, bias, stride, padding, output_padding,
     * groups, dilation)}. x is [N, C, spatial...], weight in PyTorch ConvTranspose layout [C, O/groups, k...], bias
     * [O] or null. Output spatial size per dim: (in-1)*stride - 2*padding + dilation*(k-1) + outputPadding + 1.
     */
    public static HostTensor deconvolution(HostTensor x, HostTensor weight, HostTensor bias, int[] stride,
                                           int[] padding, int[] outputPadding, int[] dilation, int groups) {
        String op = "deconvolution";
        Tensors.requireFloat(x, op);
        Tensors.requireFloat(weight, op);
        int r = weight.rank() - 2;
        if (r < 1 || r > 3) throw new UserError(op + ": weight must be [C, O/groups, k...] with 1-3 spatial dims, got " + weight);
        Tensors.requireRank(x, r + 2, op);
        checkParams(r, stride, padding, outputPadding, dilation, groups, op);
        int n = x.shape()[0], c = x.shape()[1], og = weight.shape()[1], o = og * groups;
        if (c != weight.shape()[0] || c % groups != 0)
            throw new UserError(op + ": input " + x + " with weight " + weight + " and groups=" + groups + " do not match");
        checkBias(bias, o, op);
        int cg = c / groups;
        int[] outShape = new int[r + 2];
        outShape[0] = n;
        outShape[1] = o;
        for (int i = 0; i < r; i++) {
            int k = weight.shape()[2 + i];
            outShape[2 + i] = (x.shape()[2 + i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (k - 1) + outputPadding[i] + 1;
            if (outShape[2 + i] <= 0) throw new UserError(op + ": output size " + Arrays.toString(outShape) + " is not positive");
        }
        // The geometry maps output positions of the transposed problem: "input" = deconv output, "output" = deconv input.
        Geometry g = Geometry.of(outShape, weight.shape(), stride, padding, dilation, r);
        g.setOutput(x.shape(), r);
        int kvol = g.kernelVolume(), rows = og * kvol;
        int inVol = g.outVolume(), outVol = g.inVolume();
        // Per group, the weight [cg, og*kvol] transposed to [og*kvol, cg] so col = W^T · X is a plain GEMM.
        float[] wt = new float[groups * rows * cg];
        float[] ws = weight.floats();
        for (int gi = 0; gi < groups; gi++)
            for (int ci = 0; ci < cg; ci++)
                for (int rr = 0; rr < rows; rr++) wt[gi * rows * cg + rr * cg + ci] = ws[(gi * cg + ci) * rows + rr];
        float[] out = new float[Tensors.numel(outShape)];
        Tensors.parallelFor(n * groups, (long) rows * inVol * cg, task -> {
            int b = task / groups, gi = task % groups;
            float[] col = new float[rows * inVol];
            Gemm.multiplyAdd(wt, gi * rows * cg, cg, x.floats(), (b * c + gi * cg) * inVol, inVol, col, 0, inVol, rows, inVol, cg);
            int outOff = (b * o + gi * og) * outVol;
            if (bias != null)
                for (int oc = 0; oc < og; oc++) Arrays.fill(out, outOff + oc * outVol, outOff + (oc + 1) * outVol, bias.floats()[gi * og + oc]);
            g.col2im(col, og, out, outOff);
        });
        return Tensors.floats(out, outShape);
    }

    private static void checkParams(int r, int[] stride, int[] a, int[] b, int[] dilation, int groups, String op) {
        Tensors.requireLength(stride, r, "stride", op);
        Tensors.requireLength(a, r, "padding", op);
        Tensors.requireLength(b, r, "padding", op);
        Tensors.requireLength(dilation, r, "dilation", op);
        for (int i = 0; i < r; i++)
            if (stride[i] < 1 || dilation[i] < 1 || a[i] < 0 || b[i] < 0)
                throw new UserError(op + ": stride/dilation must be >= 1 and padding >= 0, got stride " + Arrays.toString(stride)
                        + " dilation " + Arrays.toString(dilation) + " padding " + Arrays.toString(a) + "/" + Arrays.toString(b));
        if (groups < 1) throw new UserError(op + ": groups must be >= 1, got " + groups);
    }

    private static void checkBias(HostTensor bias, int o, String op) {
        if (bias == null) return;
        Tensors.requireFloat(bias, op);
        if (bias.size() != o) throw new UserError(op + ": bias " + bias + " needs " + o + " values");
    }

    /** Window geometry with 1-D and 2-D problems lifted to 3-D (leading unit dims). */
    static final class Geometry {
        final int[] in = {1, 1, 1}, k = {1, 1, 1}, s = {1, 1, 1}, p = {0, 0, 0}, d = {1, 1, 1}, out = {1, 1, 1};

        static Geometry of(int[] xShape, int[] wShape, int[] stride, int[] padPre, int[] dilation, int r) {
            Geometry g = new Geometry();
            for (int i = 0; i < r; i++) {
                int j = 3 - r + i;
                g.in[j] = xShape[2 + i];
                g.k[j] = wShape[2 + i];
                g.s[j] = stride[i];
                g.p[j] = padPre[i];
                g.d[j] = dilation[i];
            }
            return g;
        }

        void setOutput(int[] outShape, int r) {
            for (int i = 0; i < r; i++) out[3 - r + i] = outShape[2 + i];
        }

        int kernelVolume() { return k[0] * k[1] * k[2]; }

        int inVolume() { return in[0] * in[1] * in[2]; }

        int outVolume() { return out[0] * out[1] * out[2]; }

        boolean isIdentityWindow() {
            for (int i = 0; i < 3; i++) if (s[i] != 1 || p[i] != 0 || out[i] != in[i]) return false;
            return true;
        }

        /** col[(c*kvol + kernel offset), output position] = padded input value under that kernel tap. */
        void im2col(float[] x, int xOff, int channels, float[] col) {
            int kvol = kernelVolume(), outVol = outVolume(), plane = out[1] * out[2];
            Tensors.parallelFor(channels * kvol, outVol, row -> {
                for (int od = 0; od < out[0]; od++) tapRows(x, xOff, row, od, 0, out[1], col, row * outVol + od * plane);
            });
        }

        /**
         * im2col of the output rows [r0, r1) (rows of out[2] positions, counted over depth and height) into a native
         * buffer: im2col row i at i * (r1 - r0) * out[2].
         */
        void im2col(float[] x, int xOff, int channels, int r0, int r1, java.nio.FloatBuffer col) {
            int kvol = kernelVolume(), cols = (r1 - r0) * out[2];
            Tensors.parallelFor(channels * kvol, cols, row -> {
                float[] scratch = scratch(cols);
                for (int r = r0; r < r1; r++) tapRows(x, xOff, row, r / out[1], r % out[1], r % out[1] + 1, scratch, (r - r0) * out[2]);
                col.put(row * cols, scratch, 0, cols);
            });
        }

        /**
         * The output rows [oh0, oh1) of depth plane od of one im2col row into dst from dstOff (out[2] values a row): the
         * input under that tap, 0 in the padding.
         */
        private void tapRows(float[] x, int xOff, int row, int od, int oh0, int oh1, float[] dst, int dstOff) {
            int kvol = kernelVolume();
            int ci = row / kvol, kk = row % kvol;
            int kw = kk % k[2], kh = (kk / k[2]) % k[1], kd = kk / (k[2] * k[1]);
            int chan = xOff + ci * in[0] * in[1] * in[2];
            int id = od * s[0] - p[0] + kd * d[0];
            if (id < 0 || id >= in[0]) {
                java.util.Arrays.fill(dst, dstOff, dstOff + (oh1 - oh0) * out[2], 0f);
                return;
            }
            int idx = dstOff;
            for (int oh = oh0; oh < oh1; oh++) {
                int ih = oh * s[1] - p[1] + kh * d[1];
                if (ih < 0 || ih >= in[1]) {
                    java.util.Arrays.fill(dst, idx, idx + out[2], 0f);
                    idx += out[2];
                    continue;
                }
                int rowOff = chan + (id * in[1] + ih) * in[2];
                int iw = -p[2] + kw * d[2];
                int ow = 0;
                // the window's left edge in the padding, then the run inside the row, then the right edge
                for (; ow < out[2] && iw < 0; ow++, iw += s[2]) dst[idx++] = 0f;
                int run = s[2] == 1 ? Math.min(out[2] - ow, in[2] - iw) : 0;
                if (run > 0) { // a tap past the row's end may point past the array: no copy then, not even of nothing
                    System.arraycopy(x, rowOff + iw, dst, idx, run);
                    idx += run;
                    ow += run;
                    iw += run;
                }
                for (; ow < out[2]; ow++, iw += s[2]) dst[idx++] = iw < in[2] ? x[rowOff + iw] : 0f;
            }
        }

        private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

        private static float[] scratch(int n) {
            float[][] holder = SCRATCH.get();
            if (holder[0].length < n) holder[0] = new float[n];
            return holder[0];
        }

        /** Inverse of im2col: adds col rows into the (here: larger) tensor "in", one output channel per task. */
        void col2im(float[] col, int channels, float[] y, int yOff) {
            int kvol = kernelVolume(), outVol = outVolume(), inVol = inVolume();
            Tensors.parallelFor(channels, (long) kvol * outVol, ci -> {
                int chan = yOff + ci * inVol;
                for (int kk = 0; kk < kvol; kk++) {
                    int kw = kk % k[2], kh = (kk / k[2]) % k[1], kd = kk / (k[2] * k[1]);
                    int idx = (ci * kvol + kk) * outVol;
                    for (int od = 0; od < out[0]; od++) {
                        int id = od * s[0] - p[0] + kd * d[0];
                        if (id < 0 || id >= in[0]) {
                            idx += out[1] * out[2];
                            continue;
                        }
                        for (int oh = 0; oh < out[1]; oh++) {
                            int ih = oh * s[1] - p[1] + kh * d[1];
                            if (ih < 0 || ih >= in[1]) {
                                idx += out[2];
                                continue;
                            }
                            int rowOff = chan + (id * in[1] + ih) * in[2];
                            int iw = -p[2] + kw * d[2];
                            for (int ow = 0; ow < out[2]; ow++, iw += s[2], idx++) if (iw >= 0 && iw < in[2]) y[rowOff + iw] += col[idx];
                        }
                    }
                }
            });
        }
    }
}
