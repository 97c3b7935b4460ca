package org.trt4j.runtime.cpu.kernels;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Reused output arrays for the kernels that overwrite every element (OpenBLAS convolutions, float element-wise
 * ops, activations, concatenations): allocating and
 * zeroing a fresh tensor of tens of megabytes per layer costs YOLOv3 about 10% of its run, more when it sets off
 * the garbage collector. The backend hands an array back once the tensor holding it is dead (its last reader ran
 * and no live tensor shares the array); only arrays this pool issued come back, and it keeps at most
 * {@link #MAX_FLOATS} floats, the rest is left to the garbage collector.
 */
public final class ArrayPool {
    private ArrayPool() {}

    static final long MAX_FLOATS = 1L << 26;

    private static final Map<Integer, ArrayDeque<float[]>> FREE = new HashMap<>();
    /** Arrays issued by {@link #take(int)} and not yet given back (weak: a tensor the caller keeps just stays out). */
    private static final Set<float[]> ISSUED = Collections.newSetFromMap(new WeakHashMap<>());
    private static long held;

    /** An array of exactly n floats with undefined contents: the caller writes every element. */
    static synchronized float[] take(int n) {
        ArrayDeque<float[]> q = FREE.get(n);
        float[] a = q == null ? null : q.poll();
        if (a != null) held -= n;
        else a = new float[n];
        ISSUED.add(a);
        return a;
    }

    /** Whether the array came from {@link #take(int)} and has not been given back yet. */
    public static synchronized boolean issued(float[] a) { return a != null && ISSUED.contains(a); }

    /** Hands back an array of a tensor no one reads any more (ignored unless {@link #issued(float[])}). */
    public static synchronized void give(float[] a) {
        if (a == null || !ISSUED.remove(a) || held + a.length > MAX_FLOATS) return;
        FREE.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
        held += a.length;
    }
}
