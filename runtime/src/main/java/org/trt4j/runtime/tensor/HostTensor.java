package org.trt4j.runtime.tensor;

import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Shape;

import java.util.Arrays;

/**
 * A dense, C-order tensor in Java memory: the CPU backend's values. FLOAT and HALF tensors hold float32 values in
 * {@code floats}; INT32, INT64 and BOOL tensors hold their values in {@code ints} (INT64 limited to the int range,
 * BOOL as 0/1).
 */
public record HostTensor(DType dtype, int[] shape, float[] floats, int[] ints) {

    public HostTensor {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("host tensors have static shapes, got " + Arrays.toString(shape));
            n *= d;
        }
        int have = dtype.isFloating() ? (floats == null ? -1 : floats.length) : (ints == null ? -1 : ints.length);
        if (have != n)
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " " + dtype + " values, got " + have);
    }

    public static HostTensor of(float[] values, int... shape) { return new HostTensor(DType.FLOAT, shape.clone(), values, null); }

    public static HostTensor ofInts(int[] values, int... shape) { return new HostTensor(DType.INT32, shape.clone(), null, values); }

    public static HostTensor zeros(int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return new HostTensor(DType.FLOAT, shape.clone(), new float[Math.toIntExact(n)], null);
    }

    public int size() { return dtype.isFloating() ? floats.length : ints.length; }

    public int rank() { return shape.length; }

    public Shape staticShape() { return Shape.of(shape); }

    /** Values as floats (integers widened). */
    public float[] asFloats() {
        if (floats != null) return floats;
        float[] f = new float[ints.length];
        for (int i = 0; i < f.length; i++) f[i] = ints[i];
        return f;
    }

    @Override public String toString() { return "HostTensor(" + dtype + " " + Shape.of(shape) + ")"; }
}
