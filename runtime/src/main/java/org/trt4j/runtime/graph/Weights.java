package org.trt4j.runtime.graph;

import org.trt4j.runtime.cpu.HostTensor;

/**
 * Weight data an op refers to (not a copy): {@code name} is where it came from (the state_dict key, or a description
 * for computed weights such as folded batch norm), {@code value} holds the numbers with their shape.
 */
public record Weights(String name, HostTensor value) {

    public static Weights of(String name, float[] values, int... shape) { return new Weights(name, HostTensor.of(values, shape)); }

    public static Weights ofInts(String name, int[] values, int... shape) { return new Weights(name, HostTensor.ofInts(values, shape)); }

    public Shape shape() { return value.staticShape(); }

    public DType dtype() { return value.dtype(); }

    public int count() { return value.size(); }

    /** Float values (the array itself, not a copy); integers are widened into a new array. */
    public float[] floats() { return value.asFloats(); }

    @Override public String toString() { return name + " " + dtype() + " " + shape(); }
}
