package org.trt4j.runtime;

import org.trt4j.runtime.graph.Network;

import java.util.List;

/** A network defined from a factory: the network, its inputs with profile ranges, the options used, unused weight keys. */
public record DefinedNetwork(NetworkFactory factory, Network network, List<InputSpec> inputs, Options options, List<String> unusedWeights) {}
