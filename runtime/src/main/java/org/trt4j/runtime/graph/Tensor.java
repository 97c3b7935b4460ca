package org.trt4j.runtime.graph;

import java.util.Objects;

/**
 * A value in a {@link Network}: a network input or output {@code outputIndex} of layer {@code producer}. Its shape
 * and dtype are inferred when the producing layer is added. Tensors are created only by their network.
 */
public final class Tensor {
    private final Network network;
    private String name;
    private final TensorType type;
    private final Layer producer;
    private final int outputIndex;

    Tensor(Network network, String name, TensorType type, Layer producer, int outputIndex) {
        this.network = network;
        this.name = name;
        this.type = Objects.requireNonNull(type);
        this.producer = producer;
        this.outputIndex = outputIndex;
    }

    public String name() { return name; }

    void rename(String newName) { this.name = newName; }

    public Shape shape() { return type.shape(); }

    public DType dtype() { return type.dtype(); }

    public TensorType type() { return type; }

    public int rank() { return type.shape().rank(); }

    /** Dimension i (negative counts from the end); {@link Shape#DYNAMIC} when known only at run time. */
    public int dim(int i) { return type.shape().dim(i); }

    /** The values when all are known at definition time (shape tensors of static shapes, integer constants), else null. */
    public int[] knownValue() {
        int[] v = type.value();
        if (v == null) return null;
        for (int x : v) if (x == TensorType.UNKNOWN) return null;
        return v.clone();
    }

    /** The layer that computes it; null for a network input. */
    public Layer producer() { return producer; }

    public int outputIndex() { return outputIndex; }

    public boolean isNetworkInput() { return producer == null; }

    public Network network() { return network; }

    @Override public String toString() { return name + " " + type.dtype() + " " + type.shape(); }
}
