package org.trt4j.runtime.cpu.kernels;

import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.tensor.HostTensor;

/** Generated tensors (TensorRT IFillLayer). */
public final class Fill {
    private Fill() {}

    /**
     * {@code torch.arange(start, start + n * delta, delta)} along {@code axis}, broadcast to {@code shape}:
     * out[i0, i1, ...] = start + i_axis * delta (TensorRT's LINSPACE with delta only on that axis). FLOAT values are
     * computed in double and rounded once; INT32 values must be whole.
     */
    public static HostTensor linspace(int[] shape, int axis, double start, double delta, DType dtype) {
        if (axis < 0 || axis >= shape.length) throw new IllegalArgumentException("fill axis " + axis + " out of range for rank " + shape.length);
        long count = 1;
        for (int d : shape) count *= d;
        int n = Math.toIntExact(count);
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
        int along = shape[axis];
        boolean floating = dtype.isFloating();
        float[] f = floating ? new float[n] : null;
        int[] v = floating ? null : new int[n];
        for (int i = 0; i < n; i++) {
            double value = start + (double) ((i / inner) % along) * delta;
            if (floating) f[i] = (float) value;
            else v[i] = Math.toIntExact(Math.round(value));
        }
        return new HostTensor(dtype, shape.clone(), f, v);
    }
}
