package org.trt4j.runtime.cpu.kernels;

/**
 * Blocked single-precision GEMM on row-major arrays: C[m×n] += A[m×k] · B[k×n]. The inner loop is a saxpy over a
 * row of B that the JIT vectorizes; work is split into row × column tiles run on the common ForkJoinPool.
 */
final class Gemm {
    private Gemm() {}

    private static final int ROWS_PER_TILE = 16;
    private static final int COLS_PER_TILE = 512;
    private static final int K_BLOCK = 256;

    /** C[cOff + i*ldc + j] += sum_p A[aOff + i*lda + p] * B[bOff + p*ldb + j]. */
    static void multiplyAdd(float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
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
        int width = j1 - j0;
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * ldc + j0;
                int ai = aOff + i * lda;
                for (int p = p0; p < p1; p++) {
                    float av = a[ai + p];
                    int bp = bOff + p * ldb + j0;
                    for (int j = 0; j < width; j++) c[ci + j] += av * b[bp + j];
                }
            }
        }
    }
}
