package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tensorrt.global.nvinfer.TensorRTPhase;
import org.bytedeco.tensorrt.nvinfer.IPluginCreatorInterface;
import org.bytedeco.tensorrt.nvinfer.IPluginCreatorV3One;
import org.bytedeco.tensorrt.nvinfer.IPluginRegistry;
import org.bytedeco.tensorrt.nvinfer.IPluginV3;
import org.bytedeco.tensorrt.nvinfer.IPluginV3Layer;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvinfer.InterfaceInfo;
import org.bytedeco.tensorrt.nvinfer.PluginField;
import org.bytedeco.tensorrt.nvinfer.PluginFieldCollection;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.PluginSpec;

import java.util.List;

import static org.bytedeco.tensorrt.global.nvinfer.getPluginRegistry;

/** Plugin layers: the IPluginV3 named by the op's PluginSpec, created from TensorRT's plugin registry. */
final class PluginOps {
    private PluginOps() {}

    /** The interface kind string TensorRT gives IPluginCreatorV3One (InterfaceInfo::kind). */
    private static final String CREATOR_V3_ONE = "PLUGIN CREATOR_V3ONE";

    static void plugin(LayerContext c, Op.Plugin op) {
        PluginSpec spec = op.spec();
        String id = spec.pluginName() + " version " + spec.pluginVersion()
                + (spec.pluginNamespace().isEmpty() ? "" : " (namespace " + spec.pluginNamespace() + ")");
        IPluginRegistry registry = getPluginRegistry();
        if (registry == null || registry.isNull()) throw c.fail("TensorRT has no plugin registry", null);
        IPluginCreatorInterface found = registry.getCreator(spec.pluginName(), spec.pluginVersion(), spec.pluginNamespace());
        if (found == null || found.isNull())
            throw c.fail("plugin " + id + " not registered: call Plugins.load() before building", null);
        InterfaceInfo info = found.getInterfaceInfo();
        String kind = info == null || info.isNull() ? null : info.kind();
        if (!CREATOR_V3_ONE.equals(kind))
            throw c.fail("plugin " + id + " is registered by a '" + kind + "' creator, not an IPluginV3 creator (" + CREATOR_V3_ONE + ")", null);
        IPluginCreatorV3One creator = new IPluginCreatorV3One(found);

        PluginFieldCollection fields = fieldCollection(c, PluginFieldData.of(spec.fields(), c.keepAlive));
        IPluginV3 plugin = creator.createPlugin(c.name(), fields, TensorRTPhase.kBUILD);
        if (plugin == null || plugin.isNull()) throw c.fail("plugin " + id + ": createPlugin returned null for fields "
                    + spec.fields().stream().map(f -> f.name()).toList(), null);
        // TensorRT uses the plugin object while building; no Java API deletes it, so it is only kept referenced
        c.keepAlive.reference(plugin);

        int n = c.layer.inputs().size();
        ITensor[] inputs = new ITensor[n];
        for (int i = 0; i < n; i++) inputs[i] = c.input(i);
        try (PointerPointer<ITensor> array = new PointerPointer<>(inputs)) {
            IPluginV3Layer layer = c.main(c.network.addPluginV3(array, n, (PointerPointer<?>) null, 0, plugin), "addPluginV3");
            c.bindAll(layer);
        }
    }

    /**
     * A PluginFieldCollection over contiguous PluginField structs. Each struct is built with its name as a BytePointer
     * kept alive (the String setter would store a pointer to a temporary copy) and copied into the array.
     */
    private static PluginFieldCollection fieldCollection(LayerContext c, List<PluginFieldData> data) {
        PluginFieldCollection fc = c.keepAlive.keep(new PluginFieldCollection());
        fc.nbFields(data.size());
        if (data.isEmpty()) return fc.fields(null);
        PluginField array = c.keepAlive.keep(new PluginField(data.size()));
        for (int i = 0; i < data.size(); i++) {
            PluginFieldData d = data.get(i);
            BytePointer name = c.keepAlive.keep(new BytePointer(d.name()));
            try (PluginField one = new PluginField(name, d.data(), d.type().value, d.length())) {
                // put() copies one struct to element i (JavaCPP's memcpy would take the position in bytes)
                array.<PluginField>getPointer(i).put(one);
            }
        }
        return fc.fields(array);
    }
}
