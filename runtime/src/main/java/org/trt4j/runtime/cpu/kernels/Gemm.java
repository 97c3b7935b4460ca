package org.trt4j.runtime.cpu.kernels;

import java.util.Arrays;

/**
 * Blocked single-precision GEMM on row-major arrays: C[m×n] += A[m×k] · B[k×n]. The micro-kernel updates a 4-row ×
 * 64-column accumulator held in a thread-local array (stays in L1) with a saxpy over a row of B that the JIT
 * vectorizes; k is blocked so the B panel stays in L2; row × column tiles run on the common ForkJoinPool. Large
 * products go to OpenBLAS ({@link NativeGemm}) where it is loaded.
 */
final class Gemm {
    private Gemm() {}

    private static final int ROWS_PER_TILE = 32;
    private static final int COLS_PER_TILE = 256;
    private static final int K_BLOCK = 384;
    private static final int ROWS = 4, COLS = 64;

    private static final ThreadLocal<float[]> ACCUMULATOR = ThreadLocal.withInitial(() -> new float[ROWS * COLS]);

    /** C[cOff + i*ldc + j] += sum_p A[aOff + i*lda + p] * B[bOff + p*ldb + j]. */
    static void multiplyAdd(float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, int m, int n, int k) {
        // OpenBLAS uses every core itself: from inside a parallel loop it would oversubscribe them
        if (NativeGemm.pays(m, n, k) && !java.util.concurrent.ForkJoinTask.inForkJoinPool()) {
            NativeGemm.multiplyAdd(false, false, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k);
            return;
        }
        javaMultiplyAdd(a, aOff, lda, b, bOff, ldb, c, cOff, ldc, m, n, k);
    }

    /** The plain-Java GEMM, the oracle of the OpenBLAS path: same contract as {@link #multiplyAdd}. */
    static void javaMultiplyAdd(float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc, int m, int n, int k) {
        int rowTiles = (m + ROWS_PER_TILE - 1) / ROWS_PER_TILE;
        int colTiles = (n + COLS_PER_TILE - 1) / COLS_PER_TILE;
        Tensors.parallelFor(rowTiles * colTiles, (long) Math.min(m, ROWS_PER_TILE) * Math.min(n, COLS_PER_TILE) * k, t -> {
            int i0 = (t / colTiles) * ROWS_PER_TILE, j0 = (t % colTiles) * COLS_PER_TILE;
            tile(a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                    i0, Math.min(m, i0 + ROWS_PER_TILE), j0, Math.min(n, j0 + COLS_PER_TILE), k);
        });
    }

    private static void tile(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                             int i0, int i1, int j0, int j1, int k) {
        float[] acc = ACCUMULATOR.get();
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            for (int jc = j0; jc < j1; jc += COLS) {
                int w = Math.min(COLS, j1 - jc);
                int i = i0;
                for (; i + ROWS <= i1; i += ROWS) {
                    Arrays.fill(acc, 0f);
                    int a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
                    for (int p = p0; p < p1; p++) {
                        float v0 = a[a0 + p], v1 = a[a1 + p], v2 = a[a2 + p], v3 = a[a3 + p];
                        int bp = bOff + p * ldb + jc;
                        for (int j = 0; j < w; j++) {
                            float bv = b[bp + j];
                            acc[j] += v0 * bv;
                            acc[COLS + j] += v1 * bv;
                            acc[2 * COLS + j] += v2 * bv;
                            acc[3 * COLS + j] += v3 * bv;
                        }
                    }
                    for (int r = 0; r < ROWS; r++) {
                        int ci = cOff + (i + r) * ldc + jc;
                        for (int j = 0; j < w; j++) c[ci + j] += acc[r * COLS + j];
                    }
                }
                for (; i < i1; i++) {
                    int ci = cOff + i * ldc + jc, ai = aOff + i * lda;
                    for (int p = p0; p < p1; p++) {
                        float v = a[ai + p];
                        int bp = bOff + p * ldb + jc;
                        for (int j = 0; j < w; j++) c[ci + j] += v * b[bp + j];
                    }
                }
            }
        }
    }
}
