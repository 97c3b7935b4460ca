package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;

import java.util.Arrays;
import java.util.stream.IntStream;

/** Shape arithmetic, argument checks and parallel loops the kernels share. */
final class Tensors {
    private Tensors() {}

    /** Below this many multiply-adds a loop runs on the calling thread: forking costs more than it saves. */
    static final long PARALLEL_THRESHOLD = 1 << 16;

    static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return Math.toIntExact(n);
    }

    /** C-order strides (elements). */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Product of shape[from..to). */
    static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }

    static int normalizeAxis(int axis, int rank, String op) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new UserError(op + ": axis " + axis + " out of range for rank " + rank);
        return a;
    }

    static void requireFloat(HostTensor x, String op) {
        if (!x.dtype().isFloating()) throw new UserError(op + ": needs a floating-point tensor, got " + x);
    }

    static void requireRank(HostTensor x, int rank, String op) {
        if (x.rank() != rank) throw new UserError(op + ": expected rank " + rank + ", got " + x);
    }

    static void requireLength(int[] values, int n, String what, String op) {
        if (values.length != n)
            throw new UserError(op + ": " + what + " needs " + n + " values, got " + Arrays.toString(values));
    }

    static HostTensor floats(float[] values, int[] shape) { return new HostTensor(DType.FLOAT, shape, values, null); }

    static HostTensor ints(DType dtype, int[] values, int[] shape) { return new HostTensor(dtype, shape, null, values); }

    /** NumPy broadcast of two shapes (right-aligned; a dimension of 1 stretches). */
    static int[] broadcastShape(int[] a, int[] b, String op) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new UserError(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * For each element of {@code out} (C order), the flat index into a tensor of {@code shape} broadcast to it.
     * Returns null when shape equals out (identity) so callers can take the fast path.
     */
    static int[] broadcastIndex(int[] shape, int[] out) {
        if (Arrays.equals(shape, out)) return null;
        int rank = out.length;
        int[] srcStride = new int[rank];
        int[] s = strides(shape);
        for (int i = 0; i < rank; i++) {
            int j = i - (rank - shape.length);
            srcStride[i] = j >= 0 && shape[j] != 1 ? s[j] : 0;
        }
        int n = numel(out);
        int[] index = new int[n];
        int[] pos = new int[rank];
        int flat = 0;
        for (int e = 0; e < n; e++) {
            index[e] = flat;
            for (int d = rank - 1; d >= 0; d--) {
                pos[d]++;
                flat += srcStride[d];
                if (pos[d] < out[d]) break;
                flat -= srcStride[d] * pos[d];
                pos[d] = 0;
            }
        }
        return index;
    }

    /** Runs body(i) for i in [0, n), in parallel on the common pool when the total work is large enough. */
    static void parallelFor(int n, long workPerItem, java.util.function.IntConsumer body) {
        if (n > 1 && (long) n * workPerItem >= PARALLEL_THRESHOLD) IntStream.range(0, n).parallel().forEach(body);
        else for (int i = 0; i < n; i++) body.accept(i);
    }

    /** y[i] = x[source[i]] (source -1 = fill with zero), keeping x's dtype. */
    static HostTensor take(HostTensor x, int[] source, int[] outShape) {
        if (x.dtype().isFloating()) {
            float[] xs = x.floats(), y = new float[source.length];
            for (int i = 0; i < y.length; i++) y[i] = source[i] < 0 ? 0f : xs[source[i]];
            return new HostTensor(x.dtype(), outShape, y, null);
        }
        int[] xs = x.ints(), y = new int[source.length];
        for (int i = 0; i < y.length; i++) y[i] = source[i] < 0 ? 0 : xs[source[i]];
        return new HostTensor(x.dtype(), outShape, null, y);
    }
}
