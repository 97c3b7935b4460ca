package org.trt4j.plugins;

import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.trt.TrtKeepAlive;
import org.trt4j.runtime.trt.TrtNetworkEmitter;
import org.trt4j.runtime.trt.TrtTypes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A test network of plugin layers on network inputs: each layer's output is a network output. */
final class PluginNetwork implements TrtNetworkEmitter {
    private record Input(String name, DataType type, int[] dims) {}
    private record PluginUse(String output, PluginSpec spec, String[] inputs) {}

    private final List<Input> inputs = new ArrayList<>();
    private final List<PluginUse> layers = new ArrayList<>();

    PluginNetwork input(String name, DataType type, int... dims) {
        inputs.add(new Input(name, type, dims));
        return this;
    }

    /** A plugin layer on the named inputs; its output (same type as its first input) is marked as {@code output}. */
    PluginNetwork plugin(String output, PluginSpec spec, String... inputNames) {
        layers.add(new PluginUse(output, spec, inputNames));
        return this;
    }

    @Override public void emit(INetworkDefinition network, TrtKeepAlive keepAlive) {
        Map<String, ITensor> tensors = new HashMap<>();
        Map<String, DataType> types = new HashMap<>();
        for (Input in : inputs) {
            ITensor t = network.addInput(in.name, in.type, TrtTypes.dims(in.dims));
            if (t == null || t.isNull()) throw new UserError("addInput " + in.name + " failed");
            tensors.put(in.name, t);
            types.put(in.name, in.type);
        }
        for (PluginUse use : layers) {
            ITensor[] args = new ITensor[use.inputs.length];
            for (int i = 0; i < args.length; i++) args[i] = tensors.get(use.inputs[i]);
            // runtime's PluginOps (this package's PluginOps is the network-op one)
            ITensor out = org.trt4j.runtime.trt.layers.PluginOps.add(network, keepAlive, use.spec, "plugin." + use.output, args).getOutput(0);
            out.setName(use.output);
            network.markOutput(out);
            out.setType(types.get(use.inputs[0]));
        }
    }
}
