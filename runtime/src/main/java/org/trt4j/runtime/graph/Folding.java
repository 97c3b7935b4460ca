package org.trt4j.runtime.graph;

import java.util.List;

/**
 * Computes small integer tensors (shape arithmetic) at definition time when their inputs are known, so shapes that
 * depend on shape tensors stay static where TensorRT would also know them. Returns null when not computable.
 */
final class Folding {
    static final int MAX_KNOWN = 64;

    private Folding() {}

    /**
     * The definition-time entries of a small integer tensor: its tracked value, or all {@link TensorType#UNKNOWN}
     * when it is untracked (e.g. a shape-tensor engine input), so that known entries of the other operands still
     * propagate; null for float or large tensors.
     */
    private static int[] entries(Tensor t) {
        if (t.dtype().isFloating()) return null;
        if (t.type().value() != null) return t.type().value();
        if (!small(t.shape())) return null;
        int[] unknown = new int[(int) t.shape().volume()];
        java.util.Arrays.fill(unknown, TensorType.UNKNOWN);
        return unknown;
    }

    private static boolean known(Tensor t) { return entries(t) != null; }

    private static boolean small(Shape s) { return s.isStatic() && s.volume() <= MAX_KNOWN; }

    /** Flat index of out position in a broadcast input of shape in (same rank). */
    private static int broadcastIndex(int[] outIndex, int[] in) {
        int idx = 0;
        for (int d = 0; d < in.length; d++) idx = idx * in[d] + (in[d] == 1 ? 0 : outIndex[d]);
        return idx;
    }

    private static boolean next(int[] index, int[] dims) {
        for (int d = dims.length - 1; d >= 0; d--) {
            if (++index[d] < dims[d]) return true;
            index[d] = 0;
        }
        return false;
    }

    static int[] elementWise(Op.ElementWiseOperation op, Tensor a, Tensor b, Shape out) {
        if (!known(a) || !known(b) || !small(out)) return null;
        int[] va = entries(a), vb = entries(b), da = a.shape().dims(), db = b.shape().dims(), dims = out.dims();
        int[] result = new int[(int) out.volume()];
        int[] index = new int[dims.length];
        for (int i = 0; i < result.length; i++) {
            int x = va[broadcastIndex(index, da)], y = vb[broadcastIndex(index, db)];
            if (x == TensorType.UNKNOWN || y == TensorType.UNKNOWN) {
                result[i] = TensorType.UNKNOWN;
                next(index, dims);
                continue;
            }
            Integer r = switch (op) {
                case SUM -> x + y;
                case SUB -> x - y;
                case PROD -> x * y;
                case MAX -> Math.max(x, y);
                case MIN -> Math.min(x, y);
                case DIV -> y == 0 ? null : x / y;
                case FLOOR_DIV -> y == 0 ? null : Math.floorDiv(x, y);
                case EQUAL -> x == y ? 1 : 0;
                case GREATER -> x > y ? 1 : 0;
                case LESS -> x < y ? 1 : 0;
                case AND -> (x != 0 && y != 0) ? 1 : 0;
                case OR -> (x != 0 || y != 0) ? 1 : 0;
                case XOR -> ((x != 0) ^ (y != 0)) ? 1 : 0;
                case POW -> null;
            };
            if (r == null) return null;
            result[i] = r;
            next(index, dims);
        }
        return result;
    }

    static int[] unary(Op.UnaryOperation op, Tensor x) {
        if (!known(x)) return null;
        int[] v = entries(x), r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] == TensorType.UNKNOWN) { r[i] = v[i]; continue; }
            switch (op) {
                case ABS -> r[i] = Math.abs(v[i]);
                case NEG -> r[i] = -v[i];
                case SIGN -> r[i] = Integer.signum(v[i]);
                case NOT -> r[i] = v[i] == 0 ? 1 : 0;
                default -> { return null; }
            }
        }
        return r;
    }

    static int[] concat(List<Tensor> inputs, int[] out) {
        if (out.length != 1 || !small(Shape.of(out))) return null;
        int[] r = new int[out[0]];
        int at = 0;
        for (Tensor t : inputs) {
            int[] v = entries(t);
            if (v == null) return null;
            System.arraycopy(v, 0, r, at, v.length);
            at += v.length;
        }
        return r;
    }

    static int[] slice(Tensor x, int[] start, int[] size, int[] stride, int[] out) {
        if (!known(x) || x.rank() != 1 || start == null || size == null || stride == null || !small(Shape.of(out))) return null;
        int[] v = entries(x), r = new int[size[0]];
        if (start[0] == TensorType.UNKNOWN || size[0] == TensorType.UNKNOWN || stride[0] == TensorType.UNKNOWN) return null;
        for (int i = 0; i < r.length; i++) r[i] = v[start[0] + i * stride[0]];
        return r;
    }

    static int[] gather(Tensor data, Tensor indices, int axis, int[] out) {
        if (!known(data) || !known(indices) || data.rank() != 1 || !small(Shape.of(out))) return null;
        int[] v = entries(data), idx = entries(indices), r = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] == TensorType.UNKNOWN) { r[i] = TensorType.UNKNOWN; continue; }
            int j = idx[i] < 0 ? idx[i] + v.length : idx[i];
            if (j < 0 || j >= v.length) throw new ShapeError("Gather index " + idx[i] + " is out of range for " + data.shape());
            r[i] = v[j];
        }
        return r;
    }

    /** Reduction of a known 1-D integer tensor to one value. */
    static int[] reduce(Op.ReduceOperation op, Tensor x) {
        if (!known(x) || x.rank() != 1) return null;
        int[] v = entries(x);
        long acc = switch (op) { case SUM, AVG -> 0; case PROD -> 1; case MAX -> Long.MIN_VALUE; case MIN -> Long.MAX_VALUE; };
        for (int e : v) {
            if (e == TensorType.UNKNOWN) return new int[]{TensorType.UNKNOWN};
            acc = switch (op) { case SUM, AVG -> acc + e; case PROD -> acc * e; case MAX -> Math.max(acc, e); case MIN -> Math.min(acc, e); };
        }
        if (op == Op.ReduceOperation.AVG) return null;
        if (acc != (int) acc) return null;
        return new int[]{(int) acc};
    }
}
