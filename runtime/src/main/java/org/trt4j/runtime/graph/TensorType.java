package org.trt4j.runtime.graph;

/**
 * What shape inference yields for one output: shape and dtype, plus the values when they are known while the network
 * is defined (small INT32/INT64 shape tensors computed from static shapes or constants), else null.
 */
public record TensorType(Shape shape, DType dtype, int[] value) {
    public TensorType {
        if (value != null && shape.isStatic() && value.length != shape.volume())
            throw new IllegalArgumentException("known value has " + value.length + " elements for shape " + shape);
    }

    public static TensorType of(Shape shape, DType dtype) { return new TensorType(shape, dtype, null); }
}
