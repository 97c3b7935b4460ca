package org.trt4j.plugins;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.PluginField;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.graph.ShapeError;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.TensorType;

import java.util.List;

/** The {@code trt4j::MatrixInverse} plugin layer: one FLOAT input …×n×n, its inverses out; see {@link MatrixInverse}. */
public record MatrixInverseSpec() implements PluginSpec {

    public static final String NAME = "MatrixInverse";

    @Override public String pluginName() { return NAME; }

    @Override public String pluginVersion() { return Plugins.PLUGIN_VERSION; }

    @Override public String pluginNamespace() { return Plugins.PLUGIN_NAMESPACE; }

    @Override public List<PluginField> fields() { return List.of(); }

    @Override public List<TensorType> outputTypes(List<Tensor> inputs) {
        if (inputs.size() != 1) throw new ShapeError("MatrixInverse takes 1 input, got " + inputs.size());
        Tensor x = inputs.get(0);
        if (x.dtype() != DType.FLOAT) throw new ShapeError("MatrixInverse takes FLOAT input only, got " + x.dtype());
        return List.of(TensorType.of(MatrixInverse.outputShape(x.shape()), DType.FLOAT));
    }

    @Override public List<HostTensor> runCpu(List<HostTensor> inputs) { return List.of(MatrixInverse.apply(inputs.get(0))); }
}
