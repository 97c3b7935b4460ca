package org.trt4j.runtime.cpu;

import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A float element-wise op (ResNet's residual sum) whose output only feeds an Activation, neither a network output:
 * the CPU backend activates the sum's fresh output array in place instead of a separate pass into a second tensor.
 * Same float operations in the same order as the two kernels.
 */
record ElementWiseChain(Layer activationLayer, Op.Activation activation, Tensor result) {

    /** The chains of a network, by their element-wise layer. */
    static Map<Layer, ElementWiseChain> find(Network network) {
        Map<Tensor, List<Layer>> readers = new HashMap<>();
        for (Layer l : network.layers()) for (Tensor t : l.inputs()) readers.computeIfAbsent(t, k -> new ArrayList<>()).add(l);
        java.util.Set<Tensor> outputs = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        outputs.addAll(network.outputs());
        Map<Layer, ElementWiseChain> chains = new IdentityHashMap<>();
        for (Layer l : network.layers()) {
            if (!(l.op() instanceof Op.ElementWise e) || l.outputs().size() != 1) continue;
            Tensor t = l.output(0);
            // comparisons and logical ops give BOOL; only float outputs come fresh from the kernel's pool
            if (e.operation().isComparison() || e.operation().isLogical() || !t.dtype().isFloating()) continue;
            List<Layer> r = readers.get(t);
            if (outputs.contains(t) || r == null || r.size() != 1 || r.get(0).inputs().size() != 1) continue;
            if (r.get(0).op() instanceof Op.Activation a) chains.put(l, new ElementWiseChain(r.get(0), a, r.get(0).output(0)));
        }
        return chains;
    }
}
