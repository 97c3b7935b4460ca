package org.trt4j.runtime.graph;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.WeightTensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Weight data an op refers to: {@code name} says where it came from (the state_dict key, or a description of
 * computed weights such as folded batch norm). The values live in a direct, native-order buffer in TensorRT's layout
 * (FLOAT: float32, INT32: int32, INT64: int64, BOOL: one byte), shared with the {@link WeightTensor} they come from,
 * so the TensorRT backend passes {@link #bytes()} without copying.
 */
public final class Weights {
    private final String name;
    private final DType dtype;
    private final Shape shape;
    private final ByteBuffer data;

    private Weights(String name, DType dtype, Shape shape, ByteBuffer data) {
        if (!shape.isStatic()) throw new IllegalArgumentException("weights " + name + ": shape " + shape + " must be static");
        if (dtype == DType.HALF) throw new IllegalArgumentException("weights " + name + ": HALF weights are not supported; give FLOAT");
        if (data.capacity() != shape.volume() * dtype.bytes())
            throw new IllegalArgumentException("weights " + name + ": " + data.capacity() + " bytes do not hold " + shape + " " + dtype);
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /** The tensor's values viewed with shape (the storage is shared, not copied). */
    public static Weights from(WeightTensor tensor, Shape shape) {
        if (tensor.count() != shape.volume())
            throw new IllegalArgumentException("weights " + tensor.name() + ": " + tensor.count() + " values do not fit shape " + shape);
        return new Weights(tensor.name(), DType.FLOAT, shape, tensor.bytes().slice().order(ByteOrder.nativeOrder()));
    }

    /** Float weights holding a copy of values. */
    public static Weights of(String name, float[] values, int... shape) {
        ByteBuffer b = allocate((long) values.length * 4);
        b.asFloatBuffer().put(values);
        return new Weights(name, DType.FLOAT, Shape.of(shape), b);
    }

    /** INT32, INT64 or BOOL (0/1) weights holding values. */
    public static Weights ofInts(String name, DType dtype, int[] values, int... shape) {
        ByteBuffer b = allocate((long) values.length * dtype.bytes());
        for (int i = 0; i < values.length; i++) {
            switch (dtype) {
                case INT32 -> b.putInt(i * 4, values[i]);
                case INT64 -> b.putLong(i * 8, values[i]);
                case BOOL -> b.put(i, (byte) (values[i] != 0 ? 1 : 0));
                default -> throw new IllegalArgumentException("weights " + name + ": " + dtype + " is not an integer type");
            }
        }
        return new Weights(name, dtype, Shape.of(shape), b);
    }

    /** The same values (shared storage) viewed with another shape of equal element count. */
    public Weights reshaped(int... dims) {
        Shape s = Shape.of(dims);
        if (!s.isStatic() || s.volume() != shape.volume())
            throw new IllegalArgumentException("weights " + name + ": cannot view " + shape + " as " + s);
        return new Weights(name, dtype, s, data);
    }

    public static Weights zeros(String name, Shape shape) { return of(name, new float[Math.toIntExact(shape.volume())], shape.dims()); }

    private static ByteBuffer allocate(long bytes) { return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder()); }

    public String name() { return name; }

    public DType dtype() { return dtype; }

    public Shape shape() { return shape; }

    public int count() { return Math.toIntExact(shape.volume()); }

    /** The storage: direct, native order, position 0 (a fresh view each call). */
    public ByteBuffer bytes() { return data.duplicate().order(ByteOrder.nativeOrder()); }

    /** A heap copy of the values as floats (integers widened). */
    public float[] floats() {
        int n = count();
        float[] out = new float[n];
        if (dtype == DType.FLOAT) { bytes().asFloatBuffer().get(out); return out; }
        int[] ints = ints();
        for (int i = 0; i < n; i++) out[i] = ints[i];
        return out;
    }

    /** A heap copy of an integer tensor's values (INT64 must fit in int). */
    public int[] ints() {
        int n = count();
        int[] out = new int[n];
        switch (dtype) {
            case INT32 -> bytes().asIntBuffer().get(out);
            case INT64 -> {
                for (int i = 0; i < n; i++) {
                    long v = data.getLong(i * 8);
                    if (v != (int) v) throw new ArithmeticException("weights " + name + ": INT64 value " + v + " exceeds the int range");
                    out[i] = (int) v;
                }
            }
            case BOOL -> { for (int i = 0; i < n; i++) out[i] = data.get(i); }
            default -> throw new IllegalStateException("weights " + name + " are " + dtype + ", not integers");
        }
        return out;
    }

    /** The values as a HostTensor (a copy), for the CPU backend. */
    public HostTensor toHost() {
        int[] s = shape.dims();
        return dtype == DType.FLOAT ? new HostTensor(DType.FLOAT, s, floats(), null) : new HostTensor(dtype, s, null, ints());
    }

    @Override public String toString() { return name + " " + dtype + " " + shape; }
}
