package org.trt4j.runtime.graph;

import java.util.List;

/**
 * One node of a {@link Network}: an {@link Op} applied to input tensors. {@code name} is unique in the network and is
 * the dotted module path (e.g. {@code backbone.layer3.5.conv2}), which the TensorRT backend uses as the layer name.
 */
public final class Layer {
    private final String name;
    private final Op op;
    private final List<Tensor> inputs;
    private List<Tensor> outputs;
    private final int index;
    private final boolean fullPrecision;

    Layer(String name, Op op, List<Tensor> inputs, int index, boolean fullPrecision) {
        this.name = name;
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.index = index;
        this.fullPrecision = fullPrecision;
    }

    void setOutputs(List<Tensor> outputs) { this.outputs = List.copyOf(outputs); }

    public String name() { return name; }

    public Op op() { return op; }

    public List<Tensor> inputs() { return inputs; }

    public Tensor input(int i) { return inputs.get(i); }

    public List<Tensor> outputs() { return outputs; }

    public Tensor output(int i) { return outputs.get(i); }

    /** Position in the network's layer order (topological: inputs are always produced by earlier layers). */
    public int index() { return index; }

    /** Added inside {@link Network#fullPrecision()}: FP32 even in an FP16 or INT8 engine. */
    public boolean fullPrecision() { return fullPrecision; }

    @Override public String toString() { return name + " (" + op.kind() + ")"; }
}
