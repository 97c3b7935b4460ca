package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tensorrt.global.nvinfer.TensorRTPhase;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IPluginCreatorInterface;
import org.bytedeco.tensorrt.nvinfer.IPluginCreatorV3One;
import org.bytedeco.tensorrt.nvinfer.IPluginRegistry;
import org.bytedeco.tensorrt.nvinfer.IPluginV3;
import org.bytedeco.tensorrt.nvinfer.IPluginV3Layer;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvinfer.InterfaceInfo;
import org.bytedeco.tensorrt.nvinfer.PluginField;
import org.bytedeco.tensorrt.nvinfer.PluginFieldCollection;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.trt.PluginLibrary;
import org.trt4j.runtime.trt.TrtKeepAlive;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.bytedeco.tensorrt.global.nvinfer.getPluginRegistry;

/**
 * Plugin layers: the IPluginV3 named by a {@link PluginSpec}, created from TensorRT's plugin registry with the spec's
 * fields. The one place trt4j packs plugin fields and adds a plugin layer: {@code Op.Plugin} translation uses it, and
 * so do hand-written {@code TrtNetworkEmitter}s (the plugins module's benchmark and tests) through {@link #add}.
 */
public final class PluginOps {
    private PluginOps() {}

    /** The interface kind string TensorRT gives IPluginCreatorV3One (InterfaceInfo::kind). */
    private static final String CREATOR_V3_ONE = "PLUGIN CREATOR_V3ONE";

    static void plugin(LayerContext c, Op.Plugin op) {
        int n = c.layer.inputs().size();
        ITensor[] inputs = new ITensor[n];
        for (int i = 0; i < n; i++) inputs[i] = c.input(i);
        c.bindAll(add(c.network, c.keepAlive, op.spec(), c.name(), inputs, problem -> c.fail(problem, null)));
    }

    /**
     * Adds the plugin layer {@code layerName} on {@code inputs}; a failure (creator not registered, fields rejected,
     * layer refused) is a UserError naming the layer, the plugin and its fields.
     */
    public static IPluginV3Layer add(INetworkDefinition network, TrtKeepAlive keepAlive, PluginSpec spec, String layerName, ITensor... inputs) {
        return add(network, keepAlive, spec, layerName, inputs, problem -> new UserError("plugin layer " + layerName + ": " + problem));
    }

    private static IPluginV3Layer add(INetworkDefinition network, TrtKeepAlive keepAlive, PluginSpec spec, String layerName,
                                      ITensor[] inputs, Function<String, UserError> fail) {
        String id = PluginLibrary.Creator.of(spec).toString();
        IPluginCreatorV3One creator = creator(spec, id, fail);
        PluginFieldCollection fields = fieldCollection(keepAlive, PluginFieldData.of(spec.fields(), keepAlive));
        IPluginV3 plugin = creator.createPlugin(layerName, fields, TensorRTPhase.kBUILD);
        if (plugin == null || plugin.isNull())
            throw fail.apply("plugin " + id + " rejected its fields " + describe(spec) + " (the plugin's reason is in the TensorRT log)");
        // TensorRT uses the plugin object while building; no Java API deletes it, so it is only kept referenced
        keepAlive.reference(plugin);
        IPluginV3Layer layer;
        try (PointerPointer<ITensor> array = new PointerPointer<>(inputs)) {
            layer = network.addPluginV3(array, inputs.length, (PointerPointer<?>) null, 0, plugin);
        }
        if (layer == null || layer.isNull())
            throw fail.apply("TensorRT refused the plugin layer " + id + " on " + inputs.length + " inputs (addPluginV3 returned null)");
        layer.setName(layerName);
        return layer;
    }

    private static IPluginCreatorV3One creator(PluginSpec spec, String id, Function<String, UserError> fail) {
        IPluginRegistry registry = getPluginRegistry();
        if (registry == null || registry.isNull()) throw fail.apply("TensorRT has no plugin registry");
        IPluginCreatorInterface found = registry.getCreator(spec.pluginName(), spec.pluginVersion(), spec.pluginNamespace());
        if (found == null || found.isNull())
            throw fail.apply("plugin " + id + " not registered: call Plugins.load() (trt4j's plugins) or load the library"
                    + " that provides it before building");
        InterfaceInfo info = found.getInterfaceInfo();
        String kind = info == null || info.isNull() ? null : info.kind();
        if (!CREATOR_V3_ONE.equals(kind))
            throw fail.apply("plugin " + id + " is registered by a '" + kind + "' creator, not an IPluginV3 creator (" + CREATOR_V3_ONE + ")");
        return new IPluginCreatorV3One(found);
    }

    /**
     * A PluginFieldCollection over contiguous PluginField structs. Each struct is built with its name as a BytePointer
     * kept alive (the String setter would store a pointer to a temporary copy) and copied into the array.
     */
    private static PluginFieldCollection fieldCollection(TrtKeepAlive keepAlive, List<PluginFieldData> data) {
        PluginFieldCollection fc = keepAlive.keep(new PluginFieldCollection());
        fc.nbFields(data.size());
        if (data.isEmpty()) return fc.fields(null);
        PluginField array = keepAlive.keep(new PluginField(data.size()));
        for (int i = 0; i < data.size(); i++) {
            PluginFieldData d = data.get(i);
            BytePointer name = keepAlive.keep(new BytePointer(d.name()));
            try (PluginField one = new PluginField(name, d.data(), d.type().value, d.length())) {
                // put() copies one struct to element i (JavaCPP's memcpy would take the position in bytes)
                array.<PluginField>getPointer(i).put(one);
            }
        }
        return fc.fields(array);
    }

    /** The fields as the error message shows them: {name=[values], ...}. */
    static String describe(PluginSpec spec) {
        return spec.fields().stream().map(f -> f.name() + "=" + switch (f.type()) {
            case INT32 -> Arrays.toString(f.ints());
            case FLOAT32 -> Arrays.toString(f.floats());
            case CHAR -> "'" + f.chars() + "'";
        }).collect(Collectors.joining(", ", "{", "}"));
    }
}
