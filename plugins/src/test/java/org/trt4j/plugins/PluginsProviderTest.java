package org.trt4j.plugins;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.trt.PluginLibraries;
import org.trt4j.runtime.trt.PluginLibrary;
import org.trt4j.runtime.trt.TrtPluginProvider;

import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The trt4j plugin library as engine sidecars list it: the provider is on the class path, names every creator the
 * plugin specs use, and a network with plugin ops needs exactly that library (no TensorRT needed).
 */
class PluginsProviderTest {
    private static final PluginLibrary.Creator NMS = new PluginLibrary.Creator(BatchedNmsSpec.NAME, Plugins.PLUGIN_VERSION, Plugins.PLUGIN_NAMESPACE);

    /** The creators of the network's plugin ops, as EngineBuilder finds them in the TensorRT network it translates to. */
    private static List<PluginLibrary.Creator> creators(Network network) {
        return network.layers().stream().map(Layer::op).filter(op -> op instanceof Op.Plugin)
                .map(op -> PluginLibrary.Creator.of(((Op.Plugin) op).spec())).toList();
    }

    @Test void theProviderIsRegisteredAsAService() {
        // types only: instantiating would not load anything, but registerPlugins would try TensorRT
        assertTrue(ServiceLoader.load(TrtPluginProvider.class).stream().anyMatch(p -> p.type() == PluginsProvider.class));
    }

    @Test void theLibraryNamesTheCreatorOfEveryPluginSpec() {
        PluginLibrary library = new PluginsProvider().library();
        assertEquals(Plugins.LIBRARY_FILE, library.name());
        assertEquals(Plugins.loadedPath() == null ? null : Plugins.loadedPath().toString(), library.path());
        var specs = List.of(new GridSampleSpec(GridSample.Mode.BILINEAR, GridSample.Padding.ZEROS, true), new MatrixInverseSpec(),
                new BatchedNmsSpec(new BatchedNms.Settings(0.5f, 0.45f, 10, 7)));
        assertEquals(specs.stream().map(PluginLibrary.Creator::of).toList(), library.creators());
    }

    @Test void aDetectionNetworkWithTheNmsPluginNeedsTheTrt4jLibrary() {
        Network network = NmsPluginNetwork.build(16, 3, new BatchedNms.Settings(0.5f, 0.45f, 10, 7));
        assertEquals(List.of(NMS), creators(network));
        List<PluginLibrary> needed = PluginLibraries.needed(creators(network), List.of(new PluginsProvider().library()));
        assertEquals(1, needed.size());
        assertEquals("libtrt4j_plugins.so", needed.get(0).name());
        assertEquals(List.of(NMS), needed.get(0).creators(), "only the creator the engine uses is checked at load");
    }

    @Test void aNetworkWithoutPluginOpsNeedsNoLibrary() {
        Network network = new Network("plain");
        try (Network.CurrentScope scope = network.makeCurrent()) {
            network.markOutput("y", F.relu(network.addInput("x", DType.FLOAT, Shape.of(1, 4))));
        }
        assertEquals(List.of(), PluginLibraries.needed(creators(network), List.of(new PluginsProvider().library())));
    }
}
