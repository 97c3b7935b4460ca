package org.trt4j.runtime.nn;

import org.trt4j.runtime.InputSpec;
import org.trt4j.runtime.NetworkFactory;
import org.trt4j.runtime.OptionSpec;
import org.trt4j.runtime.Options;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;

import java.util.List;

/** Registers {@link TinyNet} as network "tiny" for the registry and CLI tests (test class path only). */
public final class TinyFactory implements NetworkFactory {
    @Override public String name() { return "tiny"; }

    @Override public String description() { return "conv-bn-relu-pool-resize-concat test network"; }

    @Override public List<OptionSpec> options() { return List.of(new OptionSpec("height", "8", "input height (even)")); }

    @Override public List<InputSpec> inputs(Options options) {
        int h = options.integer("height");
        return List.of(InputSpec.dynamic("x", DType.FLOAT, Shape.of(-1, 3, h, -1), Shape.of(1, 3, h, 8), Shape.of(1, 3, h, 10), Shape.of(4, 3, h, 64)));
    }

    @Override public void define(Network network, Options options) {
        new TinyNet().define(network.input("x"));
    }
}
