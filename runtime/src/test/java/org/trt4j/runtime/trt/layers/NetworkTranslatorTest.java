package org.trt4j.runtime.trt.layers;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.PluginField;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.TensorType;
import org.trt4j.runtime.trt.PluginLibrary;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The plugin libraries a translation reports for the engine sidecar (no TensorRT needed). */
class NetworkTranslatorTest {
    private record Identity(String name, String version, String namespace) implements PluginSpec {
        @Override public String pluginName() { return name; }
        @Override public String pluginVersion() { return version; }
        @Override public String pluginNamespace() { return namespace; }
        @Override public List<PluginField> fields() { return List.of(); }
        @Override public List<TensorType> outputTypes(List<Tensor> inputs) { return List.of(inputs.get(0).type()); }
        @Override public List<HostTensor> runCpu(List<HostTensor> inputs) { return inputs; }
    }

    private static Network usingPlugin(PluginSpec spec) {
        Network net = new Network("n");
        Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, 4));
        net.markOutput("y", net.add("p", new Op.Plugin(spec), x));
        return net;
    }

    @Test void reportsOnlyLibrariesWhoseCreatorTheNetworkUses() {
        PluginLibrary ours = new PluginLibrary("trt4j_plugins", "/x/libtrt4j_plugins.so",
                List.of(new PluginLibrary.Creator("GridSample", "1", "trt4j"), new PluginLibrary.Creator("Inverse", "1", "trt4j")));
        PluginLibrary other = new PluginLibrary("other", "/y/libother.so", List.of(new PluginLibrary.Creator("Foo", "1", "")));
        assertEquals(List.of(ours), NetworkTranslator.librariesUsedBy(usingPlugin(new Identity("Inverse", "1", "trt4j")), List.of(ours, other)));
        assertEquals(List.of(other), NetworkTranslator.librariesUsedBy(usingPlugin(new Identity("Foo", "1", "")), List.of(ours, other)));
    }

    @Test void versionAndNamespaceMustMatch() {
        PluginLibrary ours = new PluginLibrary("trt4j_plugins", "/x/lib.so", List.of(new PluginLibrary.Creator("Inverse", "1", "trt4j")));
        assertTrue(NetworkTranslator.librariesUsedBy(usingPlugin(new Identity("Inverse", "2", "trt4j")), List.of(ours)).isEmpty());
        assertTrue(NetworkTranslator.librariesUsedBy(usingPlugin(new Identity("Inverse", "1", "")), List.of(ours)).isEmpty());
    }

    @Test void aTranslatorGivenNoLibrariesReportsNone() {
        assertTrue(new NetworkTranslator(usingPlugin(new Identity("Inverse", "1", ""))).pluginLibraries().isEmpty());
    }
}
