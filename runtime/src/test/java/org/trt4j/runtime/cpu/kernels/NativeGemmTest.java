package org.trt4j.runtime.cpu.kernels;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenBLAS path against the plain-Java oracle: GEMMs of odd sizes and transposes, and whole convolutions. */
class NativeGemmTest {
    private final Random random = new Random(17);

    @Test
    void openBlasLoadsUnlessTheJavaGemmIsForced() {
        assertTrue(NativeGemm.available() || "java".equals(System.getProperty("trt4j.cpu.gemm")), "OpenBLAS did not load");
    }

    @Test
    void gemmAgreesWithTheJavaOracleOnOddSizesAndTransposes() {
        int[][] sizes = {{1, 1, 1}, {1, 300, 7}, {67, 129, 33}, {64, 1000, 288}, {255, 257, 129}, {3, 5, 20000}};
        for (int[] s : sizes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int m = s[0], n = s[1], k = s[2];
                float[] a = randoms(m * k), b = randoms(k * n), c = randoms(m * n);
                // the oracle multiplies the transposed copies
                float[] aPlain = ta ? transpose(a, k, m) : a, bPlain = tb ? transpose(b, n, k) : b;
                float[] expected = c.clone(), actual = c.clone();
                Gemm.javaMultiplyAdd(aPlain, 0, k, bPlain, 0, n, expected, 0, n, m, n, k);
                if (NativeGemm.available())
                    NativeGemm.multiplyAdd(ta, tb, a, 0, ta ? m : k, b, 0, tb ? k : n, actual, 0, n, m, n, k);
                else
                    Gemm.javaMultiplyAdd(aPlain, 0, k, bPlain, 0, n, actual, 0, n, m, n, k);
                assertClose(m + "x" + n + "x" + k + (ta ? " A^T" : "") + (tb ? " B^T" : ""), expected, actual);
            }
        }
    }

    @Test
    void offsetsAndStridesAreHonoured() {
        int m = 40, n = 50, k = 300, lda = k + 3, ldb = n + 5, ldc = n + 2;
        float[] a = randoms(7 + m * lda), b = randoms(11 + k * ldb), c = randoms(13 + m * ldc);
        float[] expected = c.clone(), actual = c.clone();
        Gemm.javaMultiplyAdd(a, 7, lda, b, 11, ldb, expected, 13, ldc, m, n, k);
        if (NativeGemm.available()) NativeGemm.multiplyAdd(false, false, a, 7, lda, b, 11, ldb, actual, 13, ldc, m, n, k);
        else Gemm.javaMultiplyAdd(a, 7, lda, b, 11, ldb, actual, 13, ldc, m, n, k);
        assertClose("strided", expected, actual);
    }

    @Test
    void largeConvolutionsMatchADirectConvolution() {
        // n, c, h, w, o, kh, kw, stride, padTop, padLeft, padBottom, padRight, dilation, groups
        int[][] cases = {
                {1, 16, 40, 44, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1},
                {2, 8, 33, 35, 24, 3, 3, 2, 1, 1, 1, 1, 1, 1},
                {1, 16, 30, 30, 16, 3, 3, 1, 2, 2, 2, 2, 2, 1},
                {1, 64, 23, 29, 96, 1, 1, 1, 0, 0, 0, 0, 1, 1},
                {2, 32, 24, 24, 64, 3, 3, 1, 1, 1, 1, 1, 1, 2},
                {1, 3, 64, 64, 32, 7, 7, 2, 3, 3, 3, 3, 1, 1},
                {1, 12, 31, 37, 20, 5, 3, 1, 0, 2, 3, 1, 1, 1},
        };
        for (int[] q : cases) {
            int n = q[0], c = q[1], h = q[2], w = q[3], o = q[4], kh = q[5], kw = q[6], s = q[7], d = q[12], groups = q[13];
            int[] pre = {q[8], q[9]}, post = {q[10], q[11]};
            HostTensor x = HostTensor.of(randoms(n * c * h * w), n, c, h, w);
            HostTensor wt = HostTensor.of(randoms(o * (c / groups) * kh * kw), o, c / groups, kh, kw);
            HostTensor bias = HostTensor.of(randoms(o), o);
            HostTensor y = Convolution.convolution(x, wt, bias, new int[]{s, s}, pre, post, new int[]{d, d}, groups);
            float[] expected = DirectConvolution.of(x, wt, bias, new int[]{s, s}, pre, post, new int[]{d, d}, groups, y.shape());
            assertClose("conv " + java.util.Arrays.toString(q), expected, y.floats());
        }
    }

    /** With a small im2col budget the GEMM runs over chunks of output rows (down to one row): the same values. */
    @Test
    void chunkedConvolutionsMatchTheWholeOnes() {
        long whole = Convolution.colFloats;
        int[][] cases = { // n, c, h, w, o, k, stride, pad: 2-D (the 3x3 stride-1 ones take Winograd, so none here)
                {1, 16, 40, 44, 32, 5, 1, 2}, {2, 8, 33, 35, 24, 3, 2, 1}, {1, 64, 23, 29, 96, 1, 1, 0}, {1, 3, 64, 64, 32, 9, 1, 4}};
        try {
            for (long budget : new long[]{5_000, 40_000}) {
                for (int[] q : cases) {
                    int n = q[0], c = q[1], h = q[2], w = q[3], o = q[4], k = q[5], st = q[6], pd = q[7];
                    HostTensor x = HostTensor.of(randoms(n * c * h * w), n, c, h, w);
                    HostTensor wt = HostTensor.of(randoms(o * c * k * k), o, c, k, k), bias = HostTensor.of(randoms(o), o);
                    Convolution.colFloats = budget;
                    HostTensor y = Convolution.convolution(x, wt, bias, new int[]{st, st}, new int[]{pd, pd}, new int[]{pd, pd}, new int[]{1, 1}, 1);
                    float[] expected = DirectConvolution.of(x, wt, bias, new int[]{st, st}, new int[]{pd, pd}, new int[]{pd, pd}, new int[]{1, 1}, 1, y.shape());
                    assertClose("conv " + java.util.Arrays.toString(q) + " in chunks of " + budget + " floats", expected, y.floats());
                }
                // 3-D, as CasMVSNet's regularization: the chunks cross depth planes
                HostTensor x = HostTensor.of(randoms(8 * 6 * 10 * 12), 1, 8, 6, 10, 12);
                HostTensor wt = HostTensor.of(randoms(16 * 8 * 27), 16, 8, 3, 3, 3), bias = HostTensor.of(randoms(16), 16);
                int[] one = {1, 1, 1};
                Convolution.colFloats = whole;
                float[] reference = Convolution.convolution(x, wt, bias, one, one, one, one, 1).floats();
                Convolution.colFloats = budget;
                assertClose("conv3d in chunks of " + budget + " floats", reference, Convolution.convolution(x, wt, bias, one, one, one, one, 1).floats());
            }
        } finally {
            Convolution.colFloats = whole;
        }
    }

    private float[] randoms(int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = random.nextFloat() * 2 - 1;
        return v;
    }

    /** The rows×cols matrix of a stored cols×rows one. */
    private static float[] transpose(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = v[i * cols + j];
        return t;
    }

    /** Within 1e-4, relative above magnitude 1. */
    static void assertClose(String what, float[] expected, float[] actual) {
        assertTrue(expected.length == actual.length, what + ": lengths differ");
        for (int i = 0; i < expected.length; i++) {
            double e = Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
            assertTrue(e <= 1e-4, what + ": at " + i + " expected " + expected[i] + ", got " + actual[i]);
        }
    }
}
