package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Arrays;

/** TensorRT IPoolingLayer over 1, 2 or 3 trailing spatial dims, with PyTorch's output-size and divisor rules. */
public final class Pooling {
    private Pooling() {}

    public enum Kind { MAX, AVERAGE }

    /**
     * Matches {@code F.max_pool{1,2,3}d(x, kernel, stride, padding, ceil_mode=ceilMode)} and
     * {@code F.avg_pool{1,2,3}d(x, kernel, stride, padding, ceil_mode, count_include_pad)} (divisor_override unset);
     * padPre/padPost generalize PyTorch's symmetric padding (pre = post = padding there). The pooled dims are the
     * last {@code kernel.length} dims of x. Output size per dim: floor-or-ceil((in + pre + post - k) / stride) + 1,
     * and in ceil mode the last window must start inside the input or the leading padding (else one fewer).
     * Average: padded positions count only with countIncludePad, and never those in the extra ceil-mode region.
     * Max ignores padding (as -inf).
     */
    public static HostTensor pool(HostTensor x, Kind kind, int[] kernel, int[] stride, int[] padPre, int[] padPost,
                                  boolean ceilMode, boolean countIncludePad) {
        String op = "pooling";
        Tensors.requireFloat(x, op);
        int r = kernel.length;
        if (r < 1 || r > 3 || x.rank() < r + 1)
            throw new UserError(op + ": kernel " + Arrays.toString(kernel) + " needs 1-3 spatial dims after a channel dim, got " + x);
        Tensors.requireLength(stride, r, "stride", op);
        Tensors.requireLength(padPre, r, "padding", op);
        Tensors.requireLength(padPost, r, "padding", op);
        int[] shape = x.shape(), outShape = shape.clone();
        int lead = shape.length - r;
        int[] in = {1, 1, 1}, k = {1, 1, 1}, s = {1, 1, 1}, p = {0, 0, 0}, q = {0, 0, 0}, out = {1, 1, 1};
        for (int i = 0; i < r; i++) {
            int j = 3 - r + i;
            in[j] = shape[lead + i];
            k[j] = kernel[i];
            s[j] = stride[i];
            p[j] = padPre[i];
            q[j] = padPost[i];
            if (k[j] < 1 || s[j] < 1 || p[j] < 0 || q[j] < 0)
                throw new UserError(op + ": kernel/stride must be >= 1 and padding >= 0, got kernel " + Arrays.toString(kernel)
                        + " stride " + Arrays.toString(stride));
            if (p[j] > k[j] / 2 || q[j] > k[j] / 2)
                throw new UserError(op + ": padding must be at most half the kernel (PyTorch), got kernel "
                        + Arrays.toString(kernel) + " padding " + Arrays.toString(padPre) + "/" + Arrays.toString(padPost));
            out[j] = outputSize(in[j], k[j], s[j], p[j], q[j], ceilMode);
            if (out[j] < 1) throw new UserError(op + ": kernel " + Arrays.toString(kernel) + " larger than the padded input " + x);
            outShape[lead + i] = out[j];
        }
        int planes = Tensors.product(shape, 0, lead), inVol = in[0] * in[1] * in[2], outVol = out[0] * out[1] * out[2];
        float[] xs = x.floats(), y = new float[planes * outVol];
        Tensors.parallelFor(planes, (long) outVol * k[0] * k[1] * k[2], plane -> {
            int xo = plane * inVol, yo = plane * outVol;
            for (int od = 0; od < out[0]; od++)
                for (int oh = 0; oh < out[1]; oh++)
                    for (int ow = 0; ow < out[2]; ow++) {
                        int d0 = od * s[0] - p[0], h0 = oh * s[1] - p[1], w0 = ow * s[2] - p[2];
                        // Window clipped to the padded extent (defines count_include_pad's divisor), then to the input.
                        int d1 = Math.min(d0 + k[0], in[0] + q[0]), h1 = Math.min(h0 + k[1], in[1] + q[1]), w1 = Math.min(w0 + k[2], in[2] + q[2]);
                        int padded = (d1 - d0) * (h1 - h0) * (w1 - w0);
                        int ds = Math.max(d0, 0), hs = Math.max(h0, 0), ws = Math.max(w0, 0);
                        int de = Math.min(d1, in[0]), he = Math.min(h1, in[1]), we = Math.min(w1, in[2]);
                        float v;
                        if (kind == Kind.MAX) {
                            v = Float.NEGATIVE_INFINITY;
                            for (int id = ds; id < de; id++)
                                for (int ih = hs; ih < he; ih++)
                                    for (int iw = ws; iw < we; iw++) {
                                        float e = xs[xo + (id * in[1] + ih) * in[2] + iw];
                                        if (e > v || Float.isNaN(e)) v = e;
                                    }
                        } else {
                            float sum = 0f;
                            for (int id = ds; id < de; id++)
                                for (int ih = hs; ih < he; ih++)
                                    for (int iw = ws; iw < we; iw++) sum += xs[xo + (id * in[1] + ih) * in[2] + iw];
                            int divisor = countIncludePad ? padded : (de - ds) * (he - hs) * (we - ws);
                            v = sum / divisor;
                        }
                        y[yo + (od * out[1] + oh) * out[2] + ow] = v;
                    }
        });
        return Tensors.floats(y, outShape);
    }

    /** PyTorch pooling_output_shape generalized to asymmetric padding. */
    static int outputSize(int in, int k, int stride, int pre, int post, boolean ceilMode) {
        int span = in + pre + post - k;
        if (span < 0) return 0;
        int out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceilMode && (out - 1) * stride >= in + pre) out--;
        return out;
    }
}
