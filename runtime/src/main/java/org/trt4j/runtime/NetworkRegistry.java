package org.trt4j.runtime;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.weights.WeightMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/** Finds network factories by name (ServiceLoader) and defines networks from them. */
public final class NetworkRegistry {
    private NetworkRegistry() {}

    /** All registered factories, sorted by name. */
    public static List<NetworkFactory> all() {
        List<NetworkFactory> list = new ArrayList<>();
        ServiceLoader.load(NetworkFactory.class).forEach(list::add);
        list.sort(Comparator.comparing(NetworkFactory::name));
        return list;
    }

    public static NetworkFactory find(String name) {
        List<NetworkFactory> all = all();
        for (NetworkFactory f : all) if (f.name().equals(name)) return f;
        throw new UserError("no network named '" + name + "'; available: "
                + (all.isEmpty() ? "none registered" : String.join(", ", all.stream().map(NetworkFactory::name).toList())));
    }

    /**
     * Defines the network: options checked and defaulted, inputs declared (inputShapes may fix dynamic dims by input
     * name), layers added by the factory, outputs required, weights checked strictly (a {@code WeightCheckError}
     * lists every missing key with its expected shape; unused keys are returned).
     */
    public static DefinedNetwork define(NetworkFactory factory, WeightMap weights, Map<String, String> options, Map<String, Shape> inputShapes) {
        return define(factory, weights, options, inputShapes, true);
    }

    public static DefinedNetwork define(String name, WeightMap weights, Map<String, String> options, Map<String, Shape> inputShapes) {
        return define(find(name), weights, options, inputShapes);
    }

    /**
     * Defines the network with zero placeholders for all weights, to see its layers and shapes without a weight file
     * ({@code network.weights().missingKeys()} lists the keys it expects). Never build or run the result.
     */
    public static DefinedNetwork defineWithoutWeights(NetworkFactory factory, Map<String, String> options, Map<String, Shape> inputShapes) {
        return define(factory, WeightMap.builder("no weights").build(), options, inputShapes, false);
    }

    private static DefinedNetwork define(NetworkFactory factory, WeightMap weights, Map<String, String> options, Map<String, Shape> inputShapes, boolean strict) {
        Options opts = Options.of(factory.name(), factory.options(), options);
        List<InputSpec> specs = new ArrayList<>(factory.inputs(opts));
        Set<String> known = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            InputSpec s = specs.get(i);
            known.add(s.name());
            Shape given = inputShapes.get(s.name());
            if (given != null) specs.set(i, s.withShape(given));
        }
        for (String n : inputShapes.keySet())
            if (!known.contains(n)) throw new UserError("network " + factory.name() + " has no input '" + n + "'; inputs: " + known);
        Network network = new Network(factory.name(), weights);
        try (var scope = network.makeCurrent()) {
            for (InputSpec s : specs) network.addInput(s.name(), s.dtype(), s.shape());
            factory.define(network, opts);
        }
        if (network.outputs().isEmpty()) throw new IllegalStateException("network " + factory.name() + " marked no outputs");
        List<String> unused = strict ? network.weights().check() : List.of();
        return new DefinedNetwork(factory, network, List.copyOf(specs), opts, unused);
    }
}
