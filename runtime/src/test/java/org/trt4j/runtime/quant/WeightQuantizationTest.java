package org.trt4j.runtime.quant;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Weights;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Per-channel INT8 weights and the bias correction that keeps a convolution's mean output through their rounding. */
class WeightQuantizationTest {

    static Op.Convolution conv(int out, int in, int groups, int k, long seed, boolean bias) {
        Random r = new Random(seed);
        float[] w = new float[out * (in / groups) * k * k], b = new float[out];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian() * 0.1f;
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
        w[0] = 1f; // one large weight makes the rest of channel 0 coarse, as a pass-through channel does
        return new Op.Convolution(out, new int[] {k, k}, new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1}, groups,
                Weights.of("w", w, out, in / groups, k, k), bias ? Weights.of("b", b, out) : null);
    }

    /** The output of one window of a convolution whose input is constant per channel. */
    static double output(float[] w, float[] bias, float[] x, int o, int out, int in, int groups, int taps) {
        int inPer = in / groups;
        double s = bias == null ? 0 : bias[o];
        for (int i = 0; i < inPer; i++)
            for (int t = 0; t < taps; t++) s += w[(o * inPer + i) * taps + t] * x[o / (out / groups) * inPer + i];
        return s;
    }

    @Test void roundedWeightsAreMultiplesOfTheirChannelScaleWithinHalfAStep() {
        Op.Convolution c = conv(4, 3, 1, 3, 1, true);
        float[] w = c.kernelWeights().floats(), s = WeightQuantization.channelScales(w, 4), q = WeightQuantization.rounded(w, s);
        assertEquals(1f / 127f, s[0], 1e-9f);
        for (int i = 0; i < w.length; i++) {
            float step = s[i / 27];
            assertEquals(Math.rint(q[i] / step), q[i] / step, 1e-4, "weight " + i + " is on the INT8 grid");
            assertTrue(Math.abs(q[i] - w[i]) <= step / 2 + 1e-7, "weight " + i + " moved " + (q[i] - w[i]) + ", step " + step);
        }
    }

    @Test void correctedBiasGivesTheFloatOutputForInputsAtTheirMeans() {
        for (int groups : new int[] {1, 2}) {
            for (boolean withBias : new boolean[] {true, false}) {
                int out = 6, in = 4, k = 5, taps = k * k;
                Op.Convolution c = conv(out, in, groups, k, 7 + groups, withBias);
                float[] means = {1.2f, 0.9f, 1.1f, 0.3f};
                float[] w = c.kernelWeights().floats(), q = WeightQuantization.rounded(w, WeightQuantization.channelScales(w, out));
                float[] bias = c.bias() == null ? null : c.bias().floats(), corrected = WeightQuantization.correctedBias(c, means);
                double worstPlain = 0;
                for (int o = 0; o < out; o++) {
                    double exact = output(w, bias, means, o, out, in, groups, taps);
                    assertEquals(exact, output(q, corrected, means, o, out, in, groups, taps), 1e-5, "groups " + groups + ", channel " + o);
                    worstPlain = Math.max(worstPlain, Math.abs(exact - output(q, bias, means, o, out, in, groups, taps)));
                }
                assertTrue(worstPlain > 1e-3, "rounding alone shifts the outputs (by " + worstPlain + "), so the correction did something");
            }
        }
    }

    @Test void meansOfTheWrongLengthAreRefused() {
        Op.Convolution c = conv(4, 3, 1, 3, 1, true);
        assertThrows(IllegalArgumentException.class, () -> WeightQuantization.correctedBias(c, new float[] {1, 2}));
    }
}
