package org.trt4j.runtime.cpu;

import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Tensor;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A float element-wise op (ResNet's residual sum) whose output only feeds an Activation, neither a network output:
 * the CPU backend activates the sum's fresh output array in place instead of a separate pass into a second tensor.
 * Same float operations in the same order as the two kernels.
 */
record ElementWiseChain(Layer activationLayer, Op.Activation activation, Tensor result) {

    /** The chains of a network, by their element-wise layer. */
    static Map<Layer, ElementWiseChain> find(Network network) {
        SoleReaders readers = new SoleReaders(network);
        Map<Layer, ElementWiseChain> chains = new IdentityHashMap<>();
        for (Layer l : network.layers()) {
            if (!(l.op() instanceof Op.ElementWise e) || l.outputs().size() != 1) continue;
            Tensor t = l.output(0);
            // comparisons and logical ops give BOOL; only float outputs come fresh from the kernel's pool
            if (e.operation().isComparison() || e.operation().isLogical() || !t.dtype().isFloating()) continue;
            Layer reader = readers.of(t);
            if (reader != null && reader.op() instanceof Op.Activation a) chains.put(l, new ElementWiseChain(reader, a, reader.output(0)));
        }
        return chains;
    }
}
