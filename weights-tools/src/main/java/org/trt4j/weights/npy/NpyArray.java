package org.trt4j.weights.npy;

import java.util.Arrays;

/**
 * One array of a NumPy {@code .npy}/{@code .npz} file, C order. Floating dtypes (f2, f4, f8) are held as float32;
 * integer and bool dtypes as int32 (values outside the int32 range are rejected on read).
 */
public record NpyArray(String name, int[] shape, float[] floats, int[] ints) {

    public boolean isInteger() { return ints != null; }

    public int size() {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** The float values; integer arrays are widened. */
    public float[] asFloats() {
        if (floats != null) return floats;
        float[] f = new float[ints.length];
        for (int i = 0; i < f.length; i++) f[i] = ints[i];
        return f;
    }

    @Override public String toString() {
        return name + Arrays.toString(shape) + (isInteger() ? " int" : " float");
    }
}
