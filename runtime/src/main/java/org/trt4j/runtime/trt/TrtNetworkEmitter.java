package org.trt4j.runtime.trt;

import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;

/**
 * Fills an empty TensorRT network definition: adds inputs, layers (named by module path) and marks outputs. The
 * graph-IR translator (package {@code org.trt4j.runtime.trt.layers}) implements it; tests implement it directly.
 * Plugin layers are added with {@code PluginOps.add}; EngineBuilder finds them in the network for the sidecar.
 */
@FunctionalInterface
public interface TrtNetworkEmitter {

    /**
     * Adds the network's layers. Memory that layers point to (weights) goes through {@code keepAlive}, which lives
     * until the build has finished. Throw {@link org.trt4j.error.UserError} naming the layer when a layer cannot be
     * added (every TensorRT add* call that returns null is a failure).
     */
    void emit(INetworkDefinition network, TrtKeepAlive keepAlive);
}
