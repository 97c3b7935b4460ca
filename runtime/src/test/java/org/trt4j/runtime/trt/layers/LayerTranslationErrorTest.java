package org.trt4j.runtime.trt.layers;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LayerTranslationErrorTest {
    private static Layer convLayer() {
        Network net = new Network("n");
        try (var scope = net.enterScope("backbone.layer1.0")) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, 2, 4, 4));
            return net.addLayer("conv1", new Op.Activation(Op.ActivationType.RELU, 0, 0), List.of(x));
        }
    }

    @Test void namesModulePathOpAndQuotesTensorRt() {
        LayerTranslationError e = new LayerTranslationError(convLayer(), "addActivation returned null", List.of("first", "second"), null);
        assertEquals("layer backbone.layer1.0.conv1 (Activation): addActivation returned null; TensorRT: first; second", e.getMessage());
        assertEquals("backbone.layer1.0.conv1", e.layerName());
        assertInstanceOf(UserError.class, e, "the CLI prints user errors without a stack trace");
    }

    @Test void saysNothingAboutTensorRtWhenItLoggedNothing() {
        assertEquals("layer backbone.layer1.0.conv1 (Activation): x", new LayerTranslationError(convLayer(), "x", List.of(), null).getMessage());
    }
}
