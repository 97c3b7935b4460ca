package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Arrays;

/** Tensor padding (TensorRT IPaddingLayer for constant zero; reflect/replicate as slice modes or plugins). */
public final class Padding {
    private Padding() {}

    public enum Mode {
        /** F.pad(mode='constant', value) ; negative padding crops */
        CONSTANT,
        /** F.pad(mode='reflect'): mirror without repeating the edge; padding must be < the dim */
        REFLECT,
        /** F.pad(mode='replicate'): repeat the edge */
        REPLICATE
    }

    /**
     * {@code F.pad(x, pads, mode, value)} with the padding given per dim of x (padPre[d] before, padPost[d] after;
     * F.pad lists them from the last dim backwards). Negative padding crops (CONSTANT only).
     */
    public static HostTensor pad(HostTensor x, int[] padPre, int[] padPost, Mode mode, float value) {
        String op = "pad";
        int rank = x.rank();
        Tensors.requireLength(padPre, rank, "padPre", op);
        Tensors.requireLength(padPost, rank, "padPost", op);
        int[] in = x.shape(), outShape = new int[rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = in[d] + padPre[d] + padPost[d];
            boolean negative = padPre[d] < 0 || padPost[d] < 0;
            if (outShape[d] < 0 || (negative && mode != Mode.CONSTANT)
                    || (mode == Mode.REFLECT && (padPre[d] >= in[d] || padPost[d] >= in[d]) && (padPre[d] | padPost[d]) != 0)
                    || (mode == Mode.REPLICATE && in[d] == 0 && outShape[d] > 0))
                throw new UserError(op + ": " + mode + " padding " + Arrays.toString(padPre) + "/" + Arrays.toString(padPost) + " does not fit " + x);
        }
        int[] inStride = Tensors.strides(in);
        int n = Tensors.numel(outShape);
        int[] source = new int[n], pos = new int[rank];
        for (int e = 0; e < n; e++) {
            int flat = 0;
            for (int d = 0; d < rank && flat >= 0; d++) {
                int i = pos[d] - padPre[d];
                if (i < 0 || i >= in[d]) {
                    if (mode == Mode.CONSTANT) { flat = -1; break; }
                    i = mode == Mode.REPLICATE ? Math.max(0, Math.min(in[d] - 1, i)) : reflect(i, in[d]);
                }
                flat += i * inStride[d];
            }
            source[e] = flat;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < outShape[d]) break;
                pos[d] = 0;
            }
        }
        HostTensor y = Tensors.take(x, source, outShape);
        if (mode == Mode.CONSTANT && value != 0f) {
            for (int e = 0; e < n; e++) {
                if (source[e] >= 0) continue;
                if (y.dtype().isFloating()) y.floats()[e] = value;
                else y.ints()[e] = (int) value;
            }
        }
        return y;
    }

    private static int reflect(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
