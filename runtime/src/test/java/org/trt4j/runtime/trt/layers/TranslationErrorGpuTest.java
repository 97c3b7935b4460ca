package org.trt4j.runtime.trt.layers;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.PluginField;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.TensorType;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.EngineBuilder;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** A layer that cannot be translated stops the build with an error naming its module path and op. */
@Tag("gpu")
class TranslationErrorGpuTest {

    /** One input x, the body's output marked "y", built under the module scope "head". */
    private static Network network(Shape input, Function<Tensor, Tensor> body) {
        Network net = new Network("broken");
        try (var current = net.makeCurrent(); var scope = net.enterScope("head")) {
            Tensor x = net.addInput("x", DType.FLOAT, input);
            net.markOutput("y", body.apply(x));
        }
        return net;
    }

    private static UserError buildFails(Network net) {
        return assertThrows(UserError.class, () -> EngineBuilder.build(net.name(), new NetworkTranslator(net), BuildOptions.defaults().withProgress(false)));
    }

    /** An identity plugin no library registers. */
    private record UnregisteredPlugin() implements PluginSpec {
        @Override public String pluginName() { return "Trt4jNoSuchPlugin"; }
        @Override public String pluginVersion() { return "1"; }
        @Override public List<PluginField> fields() { return List.of(PluginField.ints("answer", 42)); }
        @Override public List<TensorType> outputTypes(List<Tensor> inputs) { return List.of(TensorType.of(inputs.get(0).shape(), inputs.get(0).dtype())); }
        @Override public List<HostTensor> runCpu(List<HostTensor> inputs) { return inputs; }
    }

    @Test void unregisteredPluginNamesTheLayerAndTheFix() {
        Network net = network(Shape.of(1, 4), x -> Network.current().add("custom", new Op.Plugin(new UnregisteredPlugin()), x));
        UserError e = buildFails(net);
        LayerTranslationError error = assertInstanceOf(LayerTranslationError.class, e);
        assertEquals("head.custom", error.layerName());
        assertTrue(e.getMessage().contains("layer head.custom (Plugin Trt4jNoSuchPlugin)"), e.getMessage());
        assertTrue(e.getMessage().contains("not registered: call Plugins.load()"), e.getMessage());
    }

    @Test void poolingWithoutBatchDimensionNamesTheLayer() {
        Network net = network(Shape.of(3, 8, 8),
                x -> Network.current().add("pool", new Op.Pooling(Op.PoolingType.MAX, new int[] {2, 2}, new int[] {2, 2}, new int[2], new int[2], false, true), x));
        LayerTranslationError e = assertInstanceOf(LayerTranslationError.class, buildFails(net));
        assertEquals("head.pool", e.layerName());
        assertTrue(e.getMessage().contains("layer head.pool (Pooling)"), e.getMessage());
    }

    /** TensorRT's top-k supports k up to 3840: whether TensorRT refuses the layer or the build, the error names it. */
    @Test void layerTensorRtRefusesIsNamed() {
        Network net = network(Shape.of(1, 5000), x -> Network.current().addLayer("topk", new Op.TopK(Op.TopKOperation.MAX, 4000, 1), List.of(x)).output(0));
        UserError e = buildFails(net);
        assertTrue(e.getMessage().contains("head.topk"), e.getMessage());
    }
}
