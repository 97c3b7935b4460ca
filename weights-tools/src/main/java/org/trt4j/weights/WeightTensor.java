package org.trt4j.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * One named float32 tensor. The values live in a direct, native-order buffer, so the TensorRT backend wraps them
 * (JavaCPP {@code new FloatPointer(tensor.floats())}) without another copy. The shape is known when the source
 * carried it (.pth, safetensors, Darknet); .wts files only carry the element count.
 */
public final class WeightTensor {
    private final String name;
    private final ByteBuffer data;
    private final int[] shape;

    /** {@code data} must be direct, hold exactly 4·count bytes; it is used as is (not copied). shape may be null. */
    public WeightTensor(String name, ByteBuffer data, int[] shape) {
        if (!data.isDirect()) throw new IllegalArgumentException(name + ": tensor storage must be a direct buffer");
        if (data.remaining() % 4 != 0) throw new IllegalArgumentException(name + ": storage is not a whole number of floats");
        this.name = name;
        this.data = data.slice().order(ByteOrder.nativeOrder());
        this.shape = shape == null ? null : shape.clone();
        if (shape != null && product(shape) != count())
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " does not hold " + count() + " values");
    }

    /** A tensor holding a copy of {@code values}. */
    public static WeightTensor of(String name, float[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(values);
        return new WeightTensor(name, b, shape.length == 0 ? null : shape);
    }

    public String name() { return name; }

    public int count() { return data.capacity() / 4; }

    /** The shape, when the source file recorded it. */
    public Optional<int[]> shape() { return Optional.ofNullable(shape).map(int[]::clone); }

    /** A read-write view of the values (direct, native order, position 0); each call returns a fresh view. */
    public FloatBuffer floats() { return data.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer(); }

    /** The raw storage, 4·count bytes, native order. */
    public ByteBuffer bytes() { return data.duplicate().order(ByteOrder.nativeOrder()); }

    public float get(int index) { return data.getFloat(index * 4); }

    /** A heap copy of the values. */
    public float[] toArray() {
        float[] out = new float[count()];
        floats().get(out);
        return out;
    }

    /** The same values under another name (the storage is shared). */
    public WeightTensor renamed(String newName) { return new WeightTensor(newName, data, shape); }

    static long product(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    @Override public String toString() {
        return name + " (" + (shape != null ? Arrays.toString(shape) : count() + " values") + ")";
    }
}
