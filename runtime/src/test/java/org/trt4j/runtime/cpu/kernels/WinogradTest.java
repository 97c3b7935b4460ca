package org.trt4j.runtime.cpu.kernels;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Winograd F(2x2, 3x3) (the OpenBLAS path's 3x3 stride-1 convolutions) against a direct convolution, to 1e-4. */
class WinogradTest {
    private final Random random = new Random(23);

    @Test
    void matchesADirectConvolutionForPaddingsDilationsAndOddSizes() {
        // n, c, h, w, o, padTop, padLeft, padBottom, padRight, dilationH, dilationW
        int[][] cases = {
                {1, 16, 40, 44, 32, 1, 1, 1, 1, 1, 1},
                {2, 16, 31, 27, 24, 1, 1, 1, 1, 1, 1},
                {1, 16, 20, 21, 32, 0, 0, 0, 0, 1, 1},
                {1, 16, 30, 30, 16, 2, 2, 2, 2, 2, 2},
                {1, 16, 33, 29, 20, 4, 4, 4, 4, 4, 4},
                {1, 20, 25, 37, 18, 0, 2, 3, 1, 1, 3},
                {1, 64, 13, 13, 128, 1, 1, 1, 1, 1, 1},
                // planes of many tiles: blocks of tile rows, one per task, the last one short
                {1, 16, 200, 130, 16, 1, 1, 1, 1, 1, 1},
                {1, 16, 400, 40, 16, 2, 2, 2, 2, 2, 2},
        };
        for (int[] q : cases) {
            int n = q[0], c = q[1], h = q[2], w = q[3], o = q[4];
            int[] pre = {q[5], q[6]}, post = {q[7], q[8]}, dilation = {q[9], q[10]}, stride = {1, 1};
            HostTensor x = HostTensor.of(randoms(n * c * h * w), n, c, h, w);
            HostTensor wt = HostTensor.of(randoms(o * c * 9), o, c, 3, 3);
            HostTensor bias = HostTensor.of(randoms(o), o);
            HostTensor y = Convolution.convolution(x, wt, bias, stride, pre, post, dilation, 1);
            int outPlane = y.shape()[2] * y.shape()[3];
            assertTrue(NativeGemm.pays(o, outPlane, c * 9L), "case too small for the OpenBLAS path: " + Arrays.toString(q));
            Convolution.Geometry g = Convolution.Geometry.of(x.shape(), wt.shape(), stride, pre, dilation, 2);
            g.setOutput(y.shape(), 2);
            assertTrue(Winograd.applies(g, c, 1) || "false".equals(System.getProperty("trt4j.cpu.winograd")), "not a Winograd case: " + Arrays.toString(q));
            NativeGemmTest.assertClose("winograd " + Arrays.toString(q), DirectConvolution.of(x, wt, bias, stride, pre, post, dilation, 1, y.shape()), y.floats());
        }
    }

    @Test
    void appliesTheEpilogueToEachOutputChannel() {
        int c = 16, h = 26, w = 26, o = 24; // Winograd: 13x13 tiles
        HostTensor x = HostTensor.of(randoms(c * h * w), 1, c, h, w);
        HostTensor wt = HostTensor.of(randoms(o * c * 9), o, c, 3, 3);
        HostTensor bias = HostTensor.of(randoms(o), o);
        float[] scale = randoms(o), shift = randoms(o);
        int[] one = {1, 1};
        HostTensor y = Convolution.convolution(x, wt, bias, one, one, one, one, 1, new Epilogue(scale, shift, Activation.Kind.LEAKY_RELU, 0.1f, 0f));
        float[] expected = DirectConvolution.of(x, wt, bias, one, one, one, one, 1, y.shape());
        for (int i = 0; i < expected.length; i++) {
            float v = expected[i] * scale[i / (h * w)] + shift[i / (h * w)];
            expected[i] = v > 0 ? v : 0.1f * v;
        }
        NativeGemmTest.assertClose("winograd + epilogue", expected, y.floats());
    }

    private float[] randoms(int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = random.nextFloat() * 2 - 1;
        return v;
    }
}
