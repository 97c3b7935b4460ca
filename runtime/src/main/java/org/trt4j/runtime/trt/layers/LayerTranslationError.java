package org.trt4j.runtime.trt.layers;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Layer;

import java.util.List;

/** A layer could not be translated to TensorRT: names the layer's module path and op, and quotes TensorRT's errors. */
public final class LayerTranslationError extends UserError {
    private final String layerName;

    public LayerTranslationError(Layer layer, String problem, List<String> tensorRtErrors, Throwable cause) {
        super(message(layer, problem, tensorRtErrors), cause);
        this.layerName = layer.name();
    }

    /** The module path of the layer that failed. */
    public String layerName() { return layerName; }

    private static String message(Layer layer, String problem, List<String> errors) {
        String m = "layer " + layer.name() + " (" + layer.op().kind() + "): " + problem;
        return errors == null || errors.isEmpty() ? m : m + "; TensorRT: " + String.join("; ", errors);
    }
}
