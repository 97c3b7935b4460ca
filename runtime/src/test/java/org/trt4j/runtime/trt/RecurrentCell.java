package org.trt4j.runtime.trt;

import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.List;

/**
 * A recurrent toy for the device-tensor tests: inputs x [1, 4, ?, ?] and state h [1, 8, ?, ?];
 * h' = 0.5 * tanh(conv3x3(cat(x, h))) + 0.5 * h and y = conv1x1(h'), outputs h_out = h' and y.
 *
 * <p>The cell is contractive in h so rounding differences between backends do not compound over many steps: the
 * weights from h are at most 0.01 in magnitude, so each output sums at most 8 * 9 * 0.01 = 0.72 of |dh|, tanh is
 * 1-Lipschitz, and |dh'| <= (0.5 * 0.72 + 0.5) |dh| = 0.86 |dh| (max norm). A per-step difference e then stays
 * below e / (1 - 0.86), about 7 e, however many steps run.
 */
final class RecurrentCell {
    static final int X_CHANNELS = 4, STATE_CHANNELS = 8, Y_CHANNELS = 4;
    static final String X = "x", STATE_IN = "h", STATE_OUT = "h_out", Y = "y";
    static final ShapeRange SPATIAL_PROFILE_X = ShapeRange.parse("1x4x4x4:1x4x8x8:1x4x16x16");
    static final ShapeRange SPATIAL_PROFILE_H = ShapeRange.parse("1x8x4x4:1x8x8x8:1x8x16x16");

    private RecurrentCell() {}

    static Network network() {
        Network net = new Network("recurrent-cell");
        try (var current = net.makeCurrent()) {
            Tensor x = net.addInput(X, DType.FLOAT, Shape.parse("1x4x?x?"));
            Tensor h = net.addInput(STATE_IN, DType.FLOAT, Shape.parse("1x8x?x?"));
            Tensor next;
            try (var scope = net.enterScope("cell")) {
                Tensor pre = F.conv2d(F.cat(List.of(x, h), 1), cellWeights(), Weights.of("cell.bias", wave(STATE_CHANNELS, 0.05, 2), STATE_CHANNELS),
                        1, 1, 1, 1);
                next = F.add(F.mul(F.tanh(pre), 0.5), F.mul(h, 0.5));
            }
            Tensor y;
            try (var scope = net.enterScope("head")) {
                y = F.conv2d(next, Weights.of("head.weight", wave(Y_CHANNELS * STATE_CHANNELS, 0.3, 3), Y_CHANNELS, STATE_CHANNELS, 1, 1),
                        Weights.of("head.bias", wave(Y_CHANNELS, 0.1, 4), Y_CHANNELS), 1, 0, 1, 1);
            }
            net.markOutput(STATE_OUT, next);
            net.markOutput(Y, y);
        }
        return net;
    }

    static BuildOptions buildOptions() {
        return BuildOptions.defaults().withProgress(false).withProfile(X, SPATIAL_PROFILE_X).withProfile(STATE_IN, SPATIAL_PROFILE_H);
    }

    /** [8, 12, 3, 3]: input channels 0..3 (x) up to 0.1, channels 4..11 (h) up to 0.01 (the contraction above). */
    private static Weights cellWeights() {
        int in = X_CHANNELS + STATE_CHANNELS;
        float[] w = new float[STATE_CHANNELS * in * 9];
        for (int i = 0; i < w.length; i++) {
            int channel = (i / 9) % in;
            w[i] = (float) ((channel < X_CHANNELS ? 0.1 : 0.01) * Math.sin(0.7 * i + 1));
        }
        return Weights.of("cell.weight", w, STATE_CHANNELS, in, 3, 3);
    }

    private static float[] wave(int n, double amplitude, int seed) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (amplitude * Math.sin(0.7 * i + seed));
        return v;
    }

    /** The step's input frame, different every step so the state keeps moving. */
    static HostTensor frame(int step, int size) {
        float[] v = new float[X_CHANNELS * size * size];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.cos(0.37 * i + 0.11 * step);
        return HostTensor.of(v, 1, X_CHANNELS, size, size);
    }

    static HostTensor initialState(int size) {
        float[] v = new float[STATE_CHANNELS * size * size];
        for (int i = 0; i < v.length; i++) v[i] = (float) (0.5 * Math.sin(0.13 * i));
        return HostTensor.of(v, 1, STATE_CHANNELS, size, size);
    }

    static float maxAbsDiff(HostTensor a, HostTensor b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) throw new AssertionError("shapes differ: " + a + " vs " + b);
        float m = 0;
        for (int i = 0; i < a.size(); i++) m = Math.max(m, Math.abs(a.floats()[i] - b.floats()[i]));
        return m;
    }
}
