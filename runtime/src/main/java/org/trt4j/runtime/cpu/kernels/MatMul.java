package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Arrays;

/** TensorRT IMatrixMultiplyLayer. */
public final class MatMul {
    private MatMul() {}

    /** Which GEMM the CPU backend's large convolutions and products use: "OpenBLAS" or "plain Java" (the oracle). */
    public static String gemmLibrary() { return NativeGemm.available() ? "OpenBLAS" : "plain Java"; }

    /**
     * {@code torch.matmul(transposeA ? a.mT : a, transposeB ? b.mT : b)}: batch dims broadcast NumPy-style; a 1-D
     * operand is a vector (a row for a, a column for b, its unit dim removed from the result; transpose flags do
     * not apply to vectors). Float only.
     */
    public static HostTensor matMul(HostTensor a, HostTensor b, boolean transposeA, boolean transposeB) {
        String op = "matmul";
        Tensors.requireFloat(a, op);
        Tensors.requireFloat(b, op);
        if (a.rank() == 0 || b.rank() == 0) throw new UserError(op + ": operands must have rank >= 1, got " + a + " and " + b);
        boolean vecA = a.rank() == 1, vecB = b.rank() == 1;
        HostTensor am = vecA ? Layout.reshape(a, new int[]{1, a.shape()[0]}) : transposeA ? lastTwoSwapped(a) : a;
        HostTensor bm = vecB ? Layout.reshape(b, new int[]{b.shape()[0], 1}) : transposeB ? lastTwoSwapped(b) : b;
        int ra = am.rank(), rb = bm.rank();
        int m = am.shape()[ra - 2], k = am.shape()[ra - 1], k2 = bm.shape()[rb - 2], n = bm.shape()[rb - 1];
        if (k != k2) throw new UserError(op + ": inner dims differ: " + a + (transposeA ? "^T" : "") + " x " + b + (transposeB ? "^T" : ""));
        int[] batchA = Arrays.copyOf(am.shape(), ra - 2), batchB = Arrays.copyOf(bm.shape(), rb - 2);
        int[] batch = Tensors.broadcastShape(batchA, batchB, op);
        int[] ia = Tensors.broadcastIndex(batchA, batch), ib = Tensors.broadcastIndex(batchB, batch);
        int batches = Tensors.numel(batch);
        float[] y = new float[batches * m * n];
        for (int t = 0; t < batches; t++) {
            int sa = ia == null ? t : ia[t], sb = ib == null ? t : ib[t];
            Gemm.multiplyAdd(am.floats(), sa * m * k, k, bm.floats(), sb * k * n, n, y, t * m * n, n, m, n, k);
        }
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        HostTensor out = Tensors.floats(y, outShape);
        if (vecA || vecB) {
            int[] squeezed = new int[outShape.length - (vecA ? 1 : 0) - (vecB ? 1 : 0)];
            System.arraycopy(batch, 0, squeezed, 0, batch.length);
            int i = batch.length;
            if (!vecA) squeezed[i++] = m;
            if (!vecB) squeezed[i] = n;
            out = Layout.reshape(out, squeezed);
        }
        return out;
    }

    private static HostTensor lastTwoSwapped(HostTensor x) {
        int[] perm = new int[x.rank()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        perm[perm.length - 1] = perm.length - 2;
        perm[perm.length - 2] = perm.length - 1;
        return Layout.transpose(x, perm);
    }
}
