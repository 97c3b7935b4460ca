package org.trt4j.runtime.cpu;

import org.trt4j.runtime.graph.Weights;

import java.util.Random;

/** Seeded uniform values in [-1, 1) for the CPU backend's fusion and pooling tests. */
final class RandomWeights {
    private final Random random;

    RandomWeights(long seed) { random = new Random(seed); }

    Weights weights(String name, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return Weights.of(name, values(n), shape);
    }

    float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = random.nextFloat() * 2 - 1;
        return v;
    }

    /** Uniform in [0, 1). */
    float nextFloat() { return random.nextFloat(); }
}
