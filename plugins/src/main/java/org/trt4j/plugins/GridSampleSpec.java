package org.trt4j.plugins;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.PluginField;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.graph.ShapeError;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.TensorType;

import java.util.List;

/** The {@code trt4j::GridSample} plugin layer: inputs (input, grid), one output; see {@link GridSample}. */
public record GridSampleSpec(GridSample.Mode mode, GridSample.Padding padding, boolean alignCorners) implements PluginSpec {

    public static final String NAME = "GridSample";

    @Override public String pluginName() { return NAME; }

    @Override public String pluginVersion() { return Plugins.PLUGIN_VERSION; }

    @Override public String pluginNamespace() { return Plugins.PLUGIN_NAMESPACE; }

    @Override public List<PluginField> fields() {
        return List.of(PluginField.ints("interpolation_mode", mode.ordinal()),
                PluginField.ints("padding_mode", padding.ordinal()),
                PluginField.ints("align_corners", alignCorners ? 1 : 0));
    }

    @Override public List<TensorType> outputTypes(List<Tensor> inputs) {
        if (inputs.size() != 2) throw new ShapeError("GridSample takes 2 inputs (input, grid), got " + inputs.size());
        Tensor input = inputs.get(0), grid = inputs.get(1);
        if (!input.dtype().isFloating() || !grid.dtype().isFloating())
            throw new ShapeError("GridSample takes FLOAT or HALF input and grid, got " + input.dtype() + " and " + grid.dtype());
        return List.of(TensorType.of(GridSample.outputShape(input.shape(), grid.shape()), input.dtype()));
    }

    @Override public List<HostTensor> runCpu(List<HostTensor> inputs) {
        return List.of(GridSample.apply(inputs.get(0), inputs.get(1), mode, padding, alignCorners));
    }
}
