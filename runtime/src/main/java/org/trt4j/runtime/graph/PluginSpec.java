package org.trt4j.runtime.graph;

import org.trt4j.runtime.tensor.HostTensor;

import java.util.List;

/**
 * An operator that TensorRT lacks, described once for both backends: the TensorRT backend creates the IPluginV3
 * named {@link #pluginName()}/{@link #pluginVersion()}/{@link #pluginNamespace()} from {@link #fields()}; the CPU
 * backend calls {@link #runCpu(List)}. Shape inference is {@link #outputTypes(List)}.
 */
public interface PluginSpec {
    String pluginName();

    String pluginVersion();

    default String pluginNamespace() { return ""; }

    /** The fields the plugin creator receives (its serialized attributes). */
    List<PluginField> fields();

    /** Output shapes and dtypes for these inputs; throws {@link ShapeError} (without the layer name) on bad inputs. */
    List<TensorType> outputTypes(List<Tensor> inputs);

    /** The reference implementation on the CPU; inputs and outputs have static shapes. */
    List<HostTensor> runCpu(List<HostTensor> inputs);
}
