package org.trt4j.runtime.graph;

import java.util.Arrays;
import java.util.List;

/** Shape inference arithmetic shared by the ops; errors are {@link ShapeError}s without the layer name. */
final class Shapes {
    private Shapes() {}

    static void arity(String op, List<Tensor> inputs, int min, int max) {
        if (inputs.size() < min || inputs.size() > max)
            throw new ShapeError(op + " takes " + (min == max ? String.valueOf(min) : min + ".." + max) + " input(s), got " + inputs.size());
    }

    static void rank(String op, Tensor t, int expected, String layout) {
        if (t.rank() != expected)
            throw new ShapeError(op + " input " + t.shape() + " has rank " + t.rank() + ", expected " + expected + (layout == null ? "" : " (" + layout + ")"));
    }

    static void floating(String op, Tensor t) {
        if (!t.dtype().isFloating()) throw new ShapeError(op + " needs a FLOAT or HALF input, got " + t.dtype() + " " + t.shape());
    }

    static void integer(String op, String what, Tensor t) {
        if (t.dtype() != DType.INT32 && t.dtype() != DType.INT64)
            throw new ShapeError(op + " " + what + " must be INT32 or INT64, got " + t.dtype() + " " + t.shape());
    }

    static void sameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype())
            throw new ShapeError(op + " inputs have different dtypes: " + a.dtype() + " " + a.shape() + " and " + b.dtype() + " " + b.shape());
    }

    /** A valid axis in [0, rank). Ops store normalized axes; the functional API converts negative ones. */
    static void checkAxis(String op, int axis, int rank, Shape shape) {
        if (axis < 0 || axis >= rank) throw new ShapeError(op + " axis " + axis + " is out of range for " + shape + " (rank " + rank + ")");
    }

    /** Equal ranks, each dimension equal or 1 (TensorRT's broadcast rule); dynamic dims stay dynamic unless the other is >1. */
    static Shape broadcast(String op, Shape a, Shape b) {
        if (a.rank() != b.rank())
            throw new ShapeError(op + " inputs " + a + " and " + b + " have different ranks (TensorRT needs equal ranks; F ops insert a reshape)");
        int[] out = new int[a.rank()];
        for (int i = 0; i < out.length; i++) {
            int x = a.dim(i), y = b.dim(i);
            if (x == y) out[i] = x;
            else if (x == 1) out[i] = y;
            else if (y == 1) out[i] = x;
            else if (x == Shape.DYNAMIC) out[i] = y;
            else if (y == Shape.DYNAMIC) out[i] = x;
            else throw new ShapeError(op + " inputs " + a + " and " + b + " do not broadcast (dimension " + i + ": " + x + " vs " + y + ")");
        }
        return Shape.of(out);
    }

    static Shape broadcast(String op, List<Tensor> inputs) {
        Shape s = inputs.get(0).shape();
        for (int i = 1; i < inputs.size(); i++) s = broadcast(op, s, inputs.get(i).shape());
        return s;
    }

    static int convOut(String op, int i, int in, int k, int s, int padPre, int padPost, int d) {
        if (in == Shape.DYNAMIC) return Shape.DYNAMIC;
        int span = in + padPre + padPost - d * (k - 1) - 1;
        if (span < 0)
            throw new ShapeError(op + " spatial dimension " + i + " of size " + in + " (padded " + (in + padPre + padPost) + ") is smaller than the dilated kernel " + (d * (k - 1) + 1));
        return span / s + 1;
    }

    static int deconvOut(int in, int k, int s, int padPre, int padPost, int d, int outPad) {
        if (in == Shape.DYNAMIC) return Shape.DYNAMIC;
        return (in - 1) * s - padPre - padPost + d * (k - 1) + outPad + 1;
    }

    static void positive(String op, String what, int[] values) {
        for (int v : values) if (v <= 0) throw new ShapeError(op + " " + what + " " + Arrays.toString(values) + " must be positive");
    }

    static void nonNegative(String op, String what, int[] values) {
        for (int v : values) if (v < 0) throw new ShapeError(op + " " + what + " " + Arrays.toString(values) + " must not be negative");
    }

    static void length(String op, String what, int[] values, int expected) {
        if (values.length != expected)
            throw new ShapeError(op + " " + what + " " + Arrays.toString(values) + " has " + values.length + " entries, expected " + expected);
    }

    static long product(int[] values) {
        long p = 1;
        for (int v : values) p *= v;
        return p;
    }

    static int[] permute(int[] dims, int[] perm, String op) {
        if (perm.length != dims.length) throw new ShapeError(op + " permutation " + Arrays.toString(perm) + " does not match rank " + dims.length);
        boolean[] seen = new boolean[perm.length];
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] < 0 || perm[i] >= perm.length || seen[perm[i]])
                throw new ShapeError(op + " permutation " + Arrays.toString(perm) + " is not a permutation of 0.." + (perm.length - 1));
            seen[perm[i]] = true;
            out[i] = dims[perm[i]];
        }
        return out;
    }

    /** A 1-D shape tensor's length (its rank as a shape), which must be static. */
    static int shapeTensorLength(String op, String what, Tensor t) {
        integer(op, what, t);
        if (t.rank() != 1 || t.dim(0) == Shape.DYNAMIC)
            throw new ShapeError(op + " " + what + " must be a 1-D shape tensor of static length, got " + t.shape());
        return t.dim(0);
    }
}
