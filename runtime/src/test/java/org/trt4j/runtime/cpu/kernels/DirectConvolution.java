package org.trt4j.runtime.cpu.kernels;

import org.trt4j.runtime.tensor.HostTensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The textbook six-loop 2-D convolution (double sums), the reference for the fast convolution paths' tests. */
final class DirectConvolution {
    private DirectConvolution() {}

    /** conv2d of x [n, c, h, w] with w [o, c/groups, kh, kw] and bias [o]; checks that outShape is its output shape. */
    static float[] of(HostTensor x, HostTensor w, HostTensor bias, int[] stride, int[] pre, int[] post, int[] dilation, int groups, int[] outShape) {
        int n = x.shape()[0], c = x.shape()[1], h = x.shape()[2], wd = x.shape()[3];
        int o = w.shape()[0], cg = w.shape()[1], kh = w.shape()[2], kw = w.shape()[3], og = o / groups;
        int oh = (h + pre[0] + post[0] - dilation[0] * (kh - 1) - 1) / stride[0] + 1;
        int ow = (wd + pre[1] + post[1] - dilation[1] * (kw - 1) - 1) / stride[1] + 1;
        assertArrayEquals(new int[]{n, o, oh, ow}, outShape);
        float[] xs = x.floats(), ws = w.floats(), y = new float[n * o * oh * ow];
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double sum = bias.floats()[oc];
                        int g = oc / og;
                        for (int ci = 0; ci < cg; ci++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++) {
                                    int ih = i * stride[0] - pre[0] + u * dilation[0], iw = j * stride[1] - pre[1] + v * dilation[1];
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                    sum += (double) xs[((b * c + g * cg + ci) * h + ih) * wd + iw] * ws[((oc * cg + ci) * kh + u) * kw + v];
                                }
                        y[((b * o + oc) * oh + i) * ow + j] = (float) sum;
                    }
        return y;
    }
}
