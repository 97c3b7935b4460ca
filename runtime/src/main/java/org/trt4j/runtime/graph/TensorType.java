package org.trt4j.runtime.graph;

/**
 * What shape inference yields for one output: shape and dtype, plus, for small INT32/INT64 shape tensors, the values
 * known while the network is defined (from static dims and constants): an entry is {@link #UNKNOWN} when only known
 * at run time (a dynamic dim); value is null when not tracked.
 */
public record TensorType(Shape shape, DType dtype, int[] value) {
    public static final int UNKNOWN = Integer.MIN_VALUE;

    public TensorType {
        if (value != null && shape.isStatic() && value.length != shape.volume())
            throw new IllegalArgumentException("known value has " + value.length + " elements for shape " + shape);
    }

    public static TensorType of(Shape shape, DType dtype) { return new TensorType(shape, dtype, null); }
}
