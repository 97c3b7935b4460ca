package org.trt4j.plugins;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.ShapeError;

/**
 * Batched inverse of square matrices, {@code torch.linalg.inv} semantics: input …×n×n → output …×n×n. CPU reference
 * of the {@code trt4j::MatrixInverse} plugin (n ≤ 32 there): Gauss-Jordan elimination with partial pivoting, in
 * double. A singular matrix gives inf/NaN entries (division by a zero pivot), never an exception.
 */
public final class MatrixInverse {

    /** Largest n the plugin accepts. */
    public static final int MAX_SIZE = 32;

    private MatrixInverse() {}

    /** The output shape, equal to the input's …×n×n (n ≤ 32, or dynamic); a ShapeError otherwise. */
    public static Shape outputShape(Shape input) {
        int r = input.rank();
        if (r < 2 || input.dim(-1) != input.dim(-2) || input.dim(-1) > MAX_SIZE || input.dim(-1) == 0)
            throw new ShapeError("MatrixInverse needs square matrices ... x n x n with 1 <= n <= " + MAX_SIZE + ", got " + input);
        return input;
    }

    public static HostTensor apply(HostTensor input) {
        int[] shape = outputShape(input.staticShape()).dims();
        if (input.dtype() != DType.FLOAT) throw new ShapeError("MatrixInverse takes FLOAT input only, got " + input.dtype());
        int n = shape[shape.length - 1];
        float[] a = input.floats();
        float[] out = new float[a.length];
        for (int offset = 0; offset < a.length; offset += n * n) invert(a, out, offset, n);
        return new HostTensor(DType.FLOAT, shape, out, null);
    }

    private static void invert(float[] src, float[] dst, int offset, int n) {
        double[][] m = new double[n][2 * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) m[r][c] = src[offset + r * n + c];
            m[r][n + r] = 1.0;
        }
        for (int k = 0; k < n; k++) {
            int pivotRow = k;
            for (int r = k + 1; r < n; r++) if (Math.abs(m[r][k]) > Math.abs(m[pivotRow][k])) pivotRow = r;
            double[] t = m[k]; m[k] = m[pivotRow]; m[pivotRow] = t;
            double pivot = m[k][k];
            for (int c = 0; c < 2 * n; c++) m[k][c] /= pivot;
            for (int r = 0; r < n; r++) {
                if (r == k) continue;
                double f = m[r][k];
                for (int c = 0; c < 2 * n; c++) m[r][c] -= f * m[k][c];
            }
        }
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++) dst[offset + r * n + c] = (float) m[r][n + c];
    }
}
