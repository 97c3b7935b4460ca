package org.trt4j.runtime.quant;

import org.trt4j.error.UserError;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Weights;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The numerics of trt4j's INT8 engine on the CPU backend, without a GPU: the network runs in FP32 with what the
 * engine's Q/DQ pairs round rounded the same way, where {@link Int8Placement} puts them. A tensor's quantized readers
 * (convolution data inputs, residual identities) see it in steps of its scale, clamped to [-128, 127]; convolution
 * weights are rounded per output channel to max|w|/127 steps, and when the scales carry channel means the bias is
 * corrected as the engine's is ({@link WeightQuantization#correctedBias}). What TensorRT runs in FP16 between the
 * quantized layers runs in FP32 here, and its kernels' INT32 accumulation is exact either way. The network itself is
 * not changed (the rounded weights live in this simulation's backend).
 */
public final class Int8Simulation {
    private final Network network;
    private final Int8Placement placement;
    private final CpuBackend backend;

    public Int8Simulation(Network network, ActivationScales scales) {
        this.network = network;
        this.placement = new Int8Placement(network, scales);
        Map<Weights, HostTensor> rounded = new IdentityHashMap<>();
        for (Layer l : network.layers()) {
            if (!placement.quantizes(l)) continue;
            Op.Convolution conv = (Op.Convolution) l.op();
            Weights k = conv.kernelWeights();
            float[] w = k.floats();
            rounded.put(k, HostTensor.of(WeightQuantization.rounded(w, WeightQuantization.channelScales(w, conv.outputChannels())), k.shape().dims()));
            float[] means = scales.channelMeans().get(l.input(0).name());
            if (means == null) continue;
            if (conv.bias() == null)
                throw new UserError(l.name() + ": the bias correction of a convolution without a bias is not simulated (build without it)");
            rounded.put(conv.bias(), HostTensor.of(WeightQuantization.correctedBias(conv, means), conv.bias().shape().dims()));
        }
        this.backend = new CpuBackend(rounded);
    }

    /** The named outputs of the INT8 engine's arithmetic for these inputs. */
    public Map<String, HostTensor> run(Map<String, HostTensor> inputs) {
        return backend.run(network, inputs, (layer, in) -> {
            int identity = placement.residualIdentity(layer);
            if (identity >= 0) in[identity] = rounded(in[identity], placement.scale(layer.input(identity)));
            if (placement.quantizes(layer)) in[0] = rounded(in[0], placement.scale(layer.input(0)));
        });
    }

    /** x through Quantize and Dequantize with this scale, as a new tensor (other readers of x see it unrounded). */
    static HostTensor rounded(HostTensor x, float scale) {
        return HostTensor.of(WeightQuantization.rounded(x.asFloats(), new float[] {scale}), x.shape());
    }
}
