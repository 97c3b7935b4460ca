package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.weights.Half;


/** TensorRT IGatherLayer (default and element modes) and ICastLayer. */
public final class Indexing {
    private Indexing() {}

    /**
     * TensorRT gather, default mode = {@code numpy.take(x, indices, axis)} ({@code torch.index_select} for 1-D
     * indices): output shape x.shape[:axis] + indices.shape + x.shape[axis+1:]. Negative indices count from the end.
     */
    public static HostTensor gather(HostTensor x, HostTensor indices, int axis) {
        String op = "gather";
        int a = Tensors.normalizeAxis(axis, x.rank(), op);
        int[] idx = checkIndices(indices, op);
        int[] shape = x.shape();
        int outer = Tensors.product(shape, 0, a), n = shape[a], inner = Tensors.product(shape, a + 1, shape.length);
        int[] outShape = new int[shape.length - 1 + indices.rank()];
        System.arraycopy(shape, 0, outShape, 0, a);
        System.arraycopy(indices.shape(), 0, outShape, a, indices.rank());
        System.arraycopy(shape, a + 1, outShape, a + indices.rank(), shape.length - a - 1);
        int[] source = new int[outer * idx.length * inner];
        int e = 0;
        for (int o = 0; o < outer; o++)
            for (int j : idx) {
                int jj = wrap(j, n, op, x, axis);
                for (int i = 0; i < inner; i++) source[e++] = (o * n + jj) * inner + i;
            }
        return Tensors.take(x, source, outShape);
    }

    /**
     * TensorRT gather, element mode = {@code torch.gather(x, axis, indices)}: indices has x's rank, out[p] =
     * x[p with p[axis] replaced by indices[p]]; indices dims must not exceed x's.
     */
    public static HostTensor gatherElements(HostTensor x, HostTensor indices, int axis) {
        String op = "gather elements";
        int a = Tensors.normalizeAxis(axis, x.rank(), op);
        int[] idx = checkIndices(indices, op);
        int rank = x.rank();
        if (indices.rank() != rank) throw new UserError(op + ": indices " + indices + " must have the rank of " + x);
        for (int d = 0; d < rank; d++)
            if (d != a && indices.shape()[d] > x.shape()[d]) throw new UserError(op + ": indices " + indices + " exceed " + x);
        int[] inStride = Tensors.strides(x.shape()), pos = new int[rank], outShape = indices.shape().clone();
        int[] source = new int[idx.length];
        for (int e = 0; e < idx.length; e++) {
            int flat = 0;
            for (int d = 0; d < rank; d++) flat += (d == a ? wrap(idx[e], x.shape()[a], op, x, axis) : pos[d]) * inStride[d];
            source[e] = flat;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < outShape[d]) break;
                pos[d] = 0;
            }
        }
        return Tensors.take(x, source, outShape);
    }

    /**
     * {@code x.to(dtype)}: float to INT32/INT64 truncates toward zero (NaN to 0, out-of-range saturates); to BOOL is
     * x != 0; integers to FLOAT widen; to HALF rounds each value to the nearest binary16 (kept as float32).
     */
    public static HostTensor cast(HostTensor x, DType to) {
        if (x.dtype() == to) return x;
        int[] shape = x.shape().clone();
        if (to == DType.HALF) {
            float[] xs = x.asFloats(), y = new float[xs.length];
            for (int i = 0; i < y.length; i++) y[i] = Half.toFloat(Half.fromFloat(xs[i]));
            return new HostTensor(to, shape, y, null);
        }
        if (to.isFloating()) return new HostTensor(to, shape, x.dtype().isFloating() ? x.floats() : x.asFloats(), null);
        int[] y = new int[x.size()];
        if (x.dtype().isFloating()) {
            float[] xs = x.floats();
            for (int i = 0; i < y.length; i++) y[i] = to == DType.BOOL ? (xs[i] != 0f ? 1 : 0) : (int) xs[i];
        } else {
            int[] xs = x.ints();
            for (int i = 0; i < y.length; i++) y[i] = to == DType.BOOL ? (xs[i] != 0 ? 1 : 0) : xs[i];
        }
        return new HostTensor(to, shape, null, y);
    }

    private static int[] checkIndices(HostTensor indices, String op) {
        if (indices.dtype() != DType.INT32 && indices.dtype() != DType.INT64)
            throw new UserError(op + ": indices must be INT32 or INT64, got " + indices);
        return indices.ints();
    }

    private static int wrap(int j, int n, String op, HostTensor x, int axis) {
        int jj = j < 0 ? j + n : j;
        if (jj < 0 || jj >= n) throw new UserError(op + ": index " + j + " out of range for " + x + " axis " + axis);
        return jj;
    }
}
