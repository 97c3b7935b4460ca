package org.trt4j.runtime.quant;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.WeightMap;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The INT8 simulation against the same arithmetic written out by hand: a 1x1 convolution and leaky ReLU added to
 * its own input (a Darknet shortcut, so both the convolution's input and the sum's identity are rounded), and a
 * float reader of that input, which must see it unrounded.
 */
class Int8SimulationTest {
    static final int C = 3, OUT = 3, HW = 4;

    @Test void roundsWhatTheEngineQuantizesAndNothingElse() {
        float[] w = new float[OUT * C], b = {0.1f, -0.2f, 0.05f};
        for (int i = 0; i < w.length; i++) w[i] = (float) Math.sin(1.7 * i + 0.3);
        Network net = new Network("shortcut", WeightMap.builder("test").build());
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, C, HW, HW));
            Tensor branch = F.leakyRelu(F.conv2d(x, Weights.of("w", w, OUT, C, 1, 1), Weights.of("b", b, OUT), 1, 0, 1, 1), 0.1f);
            net.markOutput("sum", F.add(branch, x));
            net.markOutput("raw", F.relu(x));
        }
        HostTensor calibration = CalibratorTest.sample(0, 1, C, HW, HW), x = CalibratorTest.sample(5, 1, C, HW, HW);
        ActivationScales scales = Calibrator.calibrate(net, List.of(() -> Map.of("x", calibration)), CalibrationMethod.MAX, 0, "test", null);
        float step = scales.scale("x");
        Map<String, HostTensor> fp32Before = new CpuBackend().run(net, Map.of("x", x));

        Map<String, HostTensor> int8 = new Int8Simulation(net, scales.withoutChannelMeans()).run(Map.of("x", x));

        float[] v = x.floats(), xq = new float[v.length], wq = new float[w.length];
        for (int i = 0; i < v.length; i++) xq[i] = (float) Math.max(-128, Math.min(127, Math.rint(v[i] / step))) * step;
        for (int o = 0; o < OUT; o++) {
            float max = 0;
            for (int c = 0; c < C; c++) max = Math.max(max, Math.abs(w[o * C + c]));
            for (int c = 0; c < C; c++) wq[o * C + c] = (float) Math.rint(w[o * C + c] / (max / 127f)) * (max / 127f);
        }
        float[] sum = int8.get("sum").floats(), raw = int8.get("raw").floats(), fp32 = fp32Before.get("sum").floats();
        double worstFromFp32 = 0;
        for (int o = 0; o < OUT; o++)
            for (int p = 0; p < HW * HW; p++) {
                double acc = b[o];
                for (int c = 0; c < C; c++) acc += wq[o * C + c] * xq[c * HW * HW + p];
                double want = (acc > 0 ? acc : 0.1 * acc) + xq[o * HW * HW + p];
                assertEquals(want, sum[o * HW * HW + p], 1e-5, "sum at channel " + o + ", position " + p);
                worstFromFp32 = Math.max(worstFromFp32, Math.abs(fp32[o * HW * HW + p] - sum[o * HW * HW + p]));
            }
        assertTrue(worstFromFp32 > 0, "the simulation rounded nothing");
        for (int i = 0; i < v.length; i++) assertEquals(Math.max(0, v[i]), raw[i], 0f, "the float reader sees x unrounded");
        assertArrayEquals(fp32, new CpuBackend().run(net, Map.of("x", x)).get("sum").floats(), "the network's own weights are untouched");
    }
}
