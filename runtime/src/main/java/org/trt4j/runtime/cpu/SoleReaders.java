package org.trt4j.runtime.cpu;

import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who reads each tensor of a network: what the fusions need to know that a tensor's value is never seen elsewhere. */
final class SoleReaders {
    private final Map<Tensor, List<Layer>> readers = new HashMap<>();
    private final Set<Tensor> outputs = Collections.newSetFromMap(new IdentityHashMap<>());

    SoleReaders(Network network) {
        for (Layer l : network.layers()) for (Tensor t : l.inputs()) readers.computeIfAbsent(t, k -> new ArrayList<>()).add(l);
        outputs.addAll(network.outputs());
    }

    /** The one single-input layer reading t, when t is not also a network output (its value must then exist); else null. */
    Layer of(Tensor t) {
        List<Layer> r = readers.get(t);
        if (outputs.contains(t) || r == null || r.size() != 1 || r.get(0).inputs().size() != 1) return null;
        return r.get(0);
    }
}
