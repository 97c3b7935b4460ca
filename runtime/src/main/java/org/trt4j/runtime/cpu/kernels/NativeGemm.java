package org.trt4j.runtime.cpu.kernels;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * OpenBLAS's cblas_sgemm for the CPU backend's large GEMMs, on native buffers that each thread keeps and grows
 * (JavaCPP copies a Java float[] argument on every call, which costs more than the plain-Java GEMM saves). The
 * plain-Java {@link Gemm} stays the oracle: {@code -Dtrt4j.cpu.gemm=java} forces it, and if OpenBLAS cannot be
 * loaded the backend says so once and uses it. OpenBLAS runs single-threaded: each GEMM is split into one block
 * per core on the common ForkJoinPool, so callers call it from one thread at a time rather than from a parallel loop.
 */
final class NativeGemm implements AutoCloseable {
    /** Below this many multiply-adds the copies into native memory cost more than OpenBLAS saves. */
    static final long MIN_MACS = 1L << 18;

    /** Cores the GEMM is split over: each block runs single-threaded on the caller's ForkJoinPool. */
    private static final int PARTS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final int ALIGN = 16;

    private static final boolean AVAILABLE = load();
    private static final ThreadLocal<NativeGemm> PER_THREAD = ThreadLocal.withInitial(NativeGemm::new);
    /** Weights copied into native memory once (Java arrays hash by identity), freed with the array. */
    private static final Map<float[], FloatPointer> CONSTANTS = Collections.synchronizedMap(new WeakHashMap<>());

    private final Slot a = new Slot(), b = new Slot(), c = new Slot();

    private static boolean load() {
        if ("java".equals(System.getProperty("trt4j.cpu.gemm"))) return false;
        try {
            // single-threaded OpenBLAS called from the Java pool: its own threads would spin after each call
            // (about 0.1 s) against the Java threads that write im2col and the outputs, and against other programs
            openblas_nolapack.blas_set_num_threads(1);
            return true;
        } catch (Throwable t) { // UnsatisfiedLinkError or the class initialisation error that wraps it
            System.err.println("trt4j: OpenBLAS could not be loaded (" + t + "); the CPU backend uses its plain-Java GEMM");
            return false;
        }
    }

    /** Whether a GEMM of this size goes to OpenBLAS. */
    static boolean pays(long m, long n, long k) { return AVAILABLE && m * n * k >= MIN_MACS; }

    static boolean available() { return AVAILABLE; }

    /** This thread's buffers (only when {@link #available()}). */
    static NativeGemm forThisThread() { return PER_THREAD.get(); }

    /** Room for at least {@code n} floats of operand A, B or C, as a buffer view (contents undefined). */
    FloatBuffer a(long n) { return a.ensure(n); }
    FloatBuffer b(long n) { return b.ensure(n); }
    FloatBuffer c(long n) { return c.ensure(n); }

    /**
     * C = op(A) · op(B) + beta · C on this thread's buffers (row-major; op transposes when asked), with A the
     * given constant's native copy (offset aOff) when {@code constantA} is not null.
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] constantA, long aOff, int lda, int ldb, float beta, int ldc) {
        FloatPointer ap = constantA == null ? a.pointer : constant(constantA);
        long aBase = constantA == null ? 0 : aOff;
        // Column blocks when the product is wider than tall, else row blocks (balanced: multiples of 16, OpenBLAS's
        // micro-tile); one block per core, each a single-threaded GEMM.
        boolean byColumns = n >= m ? n >= 4 * ALIGN * PARTS || m < ALIGN * PARTS : m < ALIGN * PARTS;
        int extent = byColumns ? n : m, align = ALIGN;
        int parts = (int) Math.max(1, Math.min(PARTS, (long) m * n * k / MIN_MACS));
        int step = Math.max(align, (extent + parts - 1) / parts / align * align);
        int blocks = (extent + step - 1) / step;
        java.util.function.IntConsumer block = i -> {
            int from = i * step, to = Math.min(extent, from + step);
            long aAt = aBase, bAt = 0, cAt;
            if (byColumns) {
                bAt = transB ? (long) from * ldb : from;
                cAt = from;
            } else {
                aAt += transA ? from : (long) from * lda;
                cAt = (long) from * ldc;
            }
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans, byColumns ? m : to - from, byColumns ? to - from : n, k,
                    1f, view(ap, aAt), lda, view(b.pointer, bAt), ldb, beta, view(c.pointer, cAt), ldc);
        };
        if (blocks == 1) block.accept(0);
        else java.util.stream.IntStream.range(0, blocks).parallel().forEach(block);
    }

    /**
     * C = A · B, single-threaded, for callers that run several products in parallel themselves: A from {@code a}
     * (m×k row-major at aOff), B and C in this instance's B and C buffers (k×n at bOff, m×n at cOff); safe to
     * call from several threads at once on the same instance (on disjoint parts of C).
     */
    void product(FloatPointer a, long aOff, long bOff, long cOff, int m, int n, int k) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNoTrans,
                m, n, k, 1f, view(a, aOff), k, view(b.pointer, bOff), n, 0f, view(c.pointer, cOff), n);
    }

    /** A pointer at an offset, as a new object (positions of the shared pointers never change). */
    private static FloatPointer view(FloatPointer p, long offset) { return offset == 0 ? p : new FloatPointer(p).position(p.position() + offset); }

    /**
     * C[cOff + i*ldc + j] += sum_p op(A)[i, p] · op(B)[p, j] for Java arrays: each operand copied once into native
     * memory (op(A) is m×k with lda its row stride as stored, op(B) k×n likewise).
     */
    static void multiplyAdd(boolean transA, boolean transB, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, int m, int n, int k) {
        NativeGemm g = forThisThread();
        int aLen = span(transA ? k : m, lda, transA ? m : k), bLen = span(transB ? n : k, ldb, transB ? k : n), cLen = span(m, ldc, n);
        g.a(aLen).put(0, a, aOff, aLen);
        g.b(bLen).put(0, b, bOff, bLen);
        FloatBuffer cb = g.c(cLen).put(0, c, cOff, cLen);
        g.sgemm(transA, transB, m, n, k, null, 0, lda, ldb, 1f, ldc);
        cb.get(0, c, cOff, cLen);
    }

    /** Floats spanned by a row-major matrix of this many rows, row stride and row width. */
    private static int span(int rows, int stride, int width) {
        long n = rows == 0 || width == 0 ? 0 : (long) (rows - 1) * stride + width;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("GEMM operand of " + n + " floats exceeds 2^31");
        return (int) n;
    }

    private static FloatPointer constant(float[] values) {
        FloatPointer p = CONSTANTS.get(values);
        if (p != null) return p;
        p = new FloatPointer(values.length);
        p.put(values);
        CONSTANTS.put(values, p);
        return p;
    }

    @Override public void close() {
        a.close();
        b.close();
        c.close();
    }

    /** One growable native buffer. */
    private static final class Slot {
        FloatPointer pointer;
        FloatBuffer view;

        FloatBuffer ensure(long n) {
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("GEMM operand of " + n + " floats exceeds 2^31");
            if (pointer == null || pointer.capacity() < n) {
                close();
                pointer = new FloatPointer(Math.max(n, 1));
                view = pointer.asBuffer();
            }
            return view;
        }

        void close() {
            if (pointer != null) pointer.close();
            pointer = null;
            view = null;
        }
    }
}
