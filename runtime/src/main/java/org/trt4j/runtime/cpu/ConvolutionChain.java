package org.trt4j.runtime.cpu;

import org.trt4j.runtime.cpu.kernels.Activation;
import org.trt4j.runtime.cpu.kernels.Epilogue;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A convolution whose output feeds only a per-channel Scale (a batch norm) and/or only an Activation, none of them
 * a network output: the CPU backend runs the chain as one convolution that scales and activates each value as it
 * writes it, saving two passes over (and two allocations of) a large tensor. The float operations are those of the
 * separate kernels, in the same order.
 */
record ConvolutionChain(Op.Convolution convolution, Op.Scale scale, Op.Activation activation, List<Layer> fused, Tensor result) {

    /** The chains of a network, by their convolution layer. */
    static Map<Layer, ConvolutionChain> find(Network network) {
        SoleReaders readers = new SoleReaders(network);
        Map<Layer, ConvolutionChain> chains = new IdentityHashMap<>();
        for (Layer l : network.layers()) {
            if (!(l.op() instanceof Op.Convolution conv) || l.outputs().size() != 1) continue;
            Tensor t = l.output(0);
            List<Layer> fused = new ArrayList<>();
            Op.Scale scale = null;
            Layer next = readers.of(t);
            if (next != null && next.op() instanceof Op.Scale s && perChannel(s, t.shape().rank())) {
                scale = s;
                fused.add(next);
                t = next.output(0);
                next = readers.of(t);
            }
            Op.Activation activation = null;
            if (next != null && next.op() instanceof Op.Activation a) {
                activation = a;
                fused.add(next);
                t = next.output(0);
            }
            if (!fused.isEmpty()) chains.put(l, new ConvolutionChain(conv, scale, activation, List.copyOf(fused), t));
        }
        return chains;
    }

    /** CHANNEL mode on axis 1 of an NC... tensor, without a power (batch norm as the network builders emit it). */
    private static boolean perChannel(Op.Scale s, int rank) {
        int axis = s.channelAxis() < 0 ? s.channelAxis() + rank : s.channelAxis();
        return s.mode() == Op.ScaleMode.CHANNEL && axis == 1 && s.power() == null && rank >= 3;
    }

    /** The kernel's epilogue, with the coefficient arrays the backend converted ({@code floats}). */
    Epilogue epilogue(Function<Weights, float[]> floats) {
        float[] mul = scale == null ? null : floats.apply(scale.scale()), add = scale == null ? null : floats.apply(scale.shift());
        return activation == null ? new Epilogue(mul, add, null, 0f, 0f)
                : new Epilogue(mul, add, Activation.Kind.valueOf(activation.type().name()), activation.alpha(), activation.beta());
    }

    String kind() { return "Convolution+" + (scale != null ? "Scale" + (activation != null ? "+" : "") : "") + (activation != null ? "Activation" : ""); }
}
