package org.trt4j.runtime;

import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.trt.ShapeRange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A network defined from a factory: the network, its inputs with profile ranges, the options used, unused weight keys. */
public record DefinedNetwork(NetworkFactory factory, Network network, List<InputSpec> inputs, Options options, List<String> unusedWeights) {

    /** The declared profile range of each dynamic input: what a TensorRT build uses unless told otherwise. */
    public Map<String, ShapeRange> profiles() {
        Map<String, ShapeRange> m = new LinkedHashMap<>();
        for (InputSpec in : inputs) if (!in.shape().isStatic()) m.put(in.name(), in.profile());
        return m;
    }
}
