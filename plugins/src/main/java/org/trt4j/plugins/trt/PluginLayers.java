package org.trt4j.plugins.trt;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IPluginCreatorInterface;
import org.bytedeco.tensorrt.nvinfer.IPluginCreatorV3One;
import org.bytedeco.tensorrt.nvinfer.IPluginV3;
import org.bytedeco.tensorrt.nvinfer.IPluginV3Layer;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvinfer.PluginField;
import org.bytedeco.tensorrt.nvinfer.PluginFieldCollection;
import org.trt4j.error.UserError;
import org.trt4j.plugins.BatchedNmsSpec;
import org.trt4j.plugins.GridSampleSpec;
import org.trt4j.plugins.MatrixInverseSpec;
import org.trt4j.plugins.Plugins;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.trt.PluginLibrary;
import org.trt4j.runtime.trt.TrtKeepAlive;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.bytedeco.tensorrt.global.nvinfer.TensorRTPhase;
import static org.bytedeco.tensorrt.global.nvinfer.getPluginRegistry;

/** Adds IPluginV3 layers described by a {@link PluginSpec} to a TensorRT network definition. */
public final class PluginLayers {
    private static final String CREATOR_V3_KIND = "PLUGIN CREATOR_V3ONE";
    // nvinfer1::PluginField: char const* name, void const* data, int32 type, int32 length
    private static final int FIELD_BYTES = 24;

    private PluginLayers() {}

    /**
     * Creates the plugin from {@code spec}'s fields through TensorRT's plugin registry and adds it on {@code inputs}.
     * Loads the trt4j plugin library first. Errors (no creator, fields rejected, layer refused) are UserErrors naming
     * {@code layerName}.
     */
    public static IPluginV3Layer add(INetworkDefinition network, TrtKeepAlive keepAlive, PluginSpec spec, String layerName, ITensor... inputs) {
        Plugins.load();
        String id = spec.pluginNamespace() + "::" + spec.pluginName() + " v" + spec.pluginVersion();
        IPluginCreatorInterface found = getPluginRegistry().getCreator(spec.pluginName(), spec.pluginVersion(), spec.pluginNamespace());
        if (found == null || found.isNull())
            throw new UserError(layerName + ": no plugin creator " + id + " is registered with TensorRT");
        String kind = found.getInterfaceInfo().kind();
        if (!CREATOR_V3_KIND.equals(kind))
            throw new UserError(layerName + ": plugin creator " + id + " is a '" + kind + "', expected an IPluginCreatorV3One");
        IPluginCreatorV3One creator = new IPluginCreatorV3One(found);
        PluginFieldCollection fields = fieldCollection(spec.fields(), keepAlive);
        IPluginV3 plugin = creator.createPlugin(layerName, fields, TensorRTPhase.kBUILD);
        if (plugin == null || plugin.isNull())
            throw new UserError(layerName + ": plugin " + id + " rejected its fields " + describe(spec.fields())
                    + " (the plugin's reason is in the TensorRT log / on stderr)");
        // TensorRT keeps using the plugin object while it builds; it is released with the process.
        keepAlive.keep(plugin);
        PointerPointer<ITensor> inputArray = keepAlive.keep(new PointerPointer<>(inputs));
        IPluginV3Layer layer = network.addPluginV3(inputArray, inputs.length, null, 0, plugin);
        if (layer == null || layer.isNull())
            throw new UserError(layerName + ": TensorRT refused the plugin layer " + id + " on " + inputs.length + " inputs");
        layer.setName(layerName);
        return layer;
    }

    /** The sidecar entry of an engine that uses the trt4j plugins. */
    public static PluginLibrary library() {
        return new PluginLibrary("trt4j_plugins", Plugins.libraryPath().toString(), List.of(
                new PluginLibrary.Creator(GridSampleSpec.NAME, Plugins.PLUGIN_VERSION, Plugins.PLUGIN_NAMESPACE),
                new PluginLibrary.Creator(MatrixInverseSpec.NAME, Plugins.PLUGIN_VERSION, Plugins.PLUGIN_NAMESPACE),
                new PluginLibrary.Creator(BatchedNmsSpec.NAME, Plugins.PLUGIN_VERSION, Plugins.PLUGIN_NAMESPACE)));
    }

    private static PluginFieldCollection fieldCollection(List<org.trt4j.runtime.graph.PluginField> fields, TrtKeepAlive keepAlive) {
        // Written as raw structs: JavaCPP's String setter for PluginField.name would not keep the characters alive.
        BytePointer raw = keepAlive.keep(new BytePointer(Math.max(1, fields.size()) * (long) FIELD_BYTES));
        raw.fill(0);
        for (int i = 0; i < fields.size(); i++) {
            org.trt4j.runtime.graph.PluginField f = fields.get(i);
            BytePointer name = keepAlive.keep(new BytePointer(f.name(), StandardCharsets.UTF_8));
            Pointer data;
            int type;
            switch (f.type()) {
                case INT32 -> { data = keepAlive.keep(new IntPointer(f.ints())); type = 5; }
                case FLOAT32 -> { data = keepAlive.keep(new FloatPointer(f.floats())); type = 1; }
                case CHAR -> { data = keepAlive.keep(new BytePointer(f.chars(), StandardCharsets.UTF_8)); type = 6; }
                default -> throw new IllegalStateException("unhandled plugin field type " + f.type());
            }
            long at = (long) i * FIELD_BYTES;
            raw.putLong(at, name.address());
            raw.putLong(at + 8, data.address());
            raw.putInt(at + 16, type);
            raw.putInt(at + 20, f.length());
        }
        PluginFieldCollection collection = keepAlive.keep(new PluginFieldCollection());
        collection.nbFields(fields.size());
        collection.fields(new PluginField(raw));
        return collection;
    }

    private static String describe(List<org.trt4j.runtime.graph.PluginField> fields) {
        return fields.stream().map(f -> f.name() + "=" + switch (f.type()) {
            case INT32 -> java.util.Arrays.toString(f.ints());
            case FLOAT32 -> java.util.Arrays.toString(f.floats());
            case CHAR -> "'" + f.chars() + "'";
        }).collect(Collectors.joining(", ", "{", "}"));
    }
}
