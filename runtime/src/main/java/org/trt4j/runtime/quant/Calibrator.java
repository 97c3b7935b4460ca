package org.trt4j.runtime.quant;

import org.trt4j.error.UserError;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.tensor.HostTensor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Post-training INT8 calibration in Java: runs the network in FP32 on the CPU reference backend over calibration
 * samples, collects |x| histograms of every tensor that feeds a convolution (what explicit quantization puts a
 * Q/DQ pair on), and turns each into a threshold with the chosen method; also each such tensor's mean per channel
 * (for the weights' bias correction).
 */
public final class Calibrator {

    private Calibrator() {}

    /** Names of the tensors INT8 quantizes: each convolution's data input. */
    public static List<Tensor> quantizedInputs(Network network) {
        return network.layers().stream().filter(l -> l.op() instanceof Op.Convolution).map(l -> l.input(0)).distinct().toList();
    }

    /**
     * @param samples one supplier per sample (decoded only when it runs), each the network's inputs by name
     * @param key     what the result depends on (recorded in the scales file)
     */
    public static ActivationScales calibrate(Network network, List<Supplier<Map<String, HostTensor>>> samples, CalibrationMethod method,
                                             double percentile, String key, PrintStream log) {
        if (samples.isEmpty()) throw new UserError("INT8 calibration needs at least one sample");
        Map<Tensor, AbsHistogram> histograms = new LinkedHashMap<>();
        Map<Tensor, ChannelMeans> means = new java.util.IdentityHashMap<>();
        for (Tensor t : quantizedInputs(network)) {
            histograms.put(t, new AbsHistogram());
            means.put(t, new ChannelMeans(t.dim(1)));
        }
        if (histograms.isEmpty()) throw new UserError("network " + network.name() + " has no convolution to quantize to INT8");
        Map<Tensor, Layer> firstReader = new java.util.IdentityHashMap<>();
        for (Layer l : network.layers()) if (l.op() instanceof Op.Convolution) firstReader.putIfAbsent(l.input(0), l);
        CpuBackend cpu = new CpuBackend();
        long start = System.nanoTime();
        for (int i = 0; i < samples.size(); i++) {
            cpu.run(network, samples.get(i).get(), (Layer layer, HostTensor[] in) -> {
                if (!(layer.op() instanceof Op.Convolution)) return;
                AbsHistogram h = histograms.get(layer.input(0));
                // a tensor read by several convolutions is counted once per sample
                if (h != null && firstReader.get(layer.input(0)) == layer) {
                    h.add(in[0].asFloats());
                    means.get(layer.input(0)).add(in[0]);
                }
            });
            if (log != null)
                log.printf("\rcalibrating %s: %d/%d samples (%.1f s)", network.name(), i + 1, samples.size(), (System.nanoTime() - start) / 1e9);
        }
        if (log != null) log.println();
        Map<String, Float> amax = new LinkedHashMap<>();
        Map<String, float[]> channelMeans = new LinkedHashMap<>();
        for (var e : histograms.entrySet()) {
            double a = method.amax(e.getValue(), percentile);
            if (a > 0) { // an all-zero tensor stays in float
                amax.put(e.getKey().name(), (float) a);
                channelMeans.put(e.getKey().name(), means.get(e.getKey()).means());
            }
        }
        return new ActivationScales(network.name(), method.name().toLowerCase(java.util.Locale.ROOT)
                + (method == CalibrationMethod.PERCENTILE ? " " + percentile : ""), key, samples.size(), amax, channelMeans);
    }

    /** Running per-channel sums of NC... tensors (channel axis 1), in double. */
    private static final class ChannelMeans {
        private final double[] sums;
        private long perChannel;

        ChannelMeans(int channels) { sums = new double[channels]; }

        void add(HostTensor t) {
            int[] shape = t.shape();
            int c = shape[1], inner = 1;
            for (int i = 2; i < shape.length; i++) inner *= shape[i];
            float[] x = t.asFloats();
            for (int n = 0; n < shape[0]; n++)
                for (int ch = 0; ch < c; ch++) {
                    double s = 0;
                    for (int i = 0, at = (n * c + ch) * inner; i < inner; i++) s += x[at + i];
                    sums[ch] += s;
                }
            perChannel += (long) shape[0] * inner;
        }

        float[] means() {
            float[] m = new float[sums.length];
            for (int i = 0; i < m.length; i++) m[i] = (float) (sums[i] / perChannel);
            return m;
        }
    }
}
