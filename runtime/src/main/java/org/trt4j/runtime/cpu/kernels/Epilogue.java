package org.trt4j.runtime.cpu.kernels;

/**
 * What a convolution applies to each output value after its bias, instead of separate Scale and Activation passes
 * over the tensor: {@code v = v * scale[c] + shift[c]}, then the activation, in the same float operations and order
 * as {@link Scale} (CHANNEL mode, power 1) and {@link Activation} would, so the result is the same.
 * scale, shift and kind may each be null.
 */
public record Epilogue(float[] scale, float[] shift, Activation.Kind kind, float alpha, float beta) {

    /** In place on one output channel's values y[from, to) with bias b (NaN-safe as the separate kernels are). */
    void apply(float[] y, int from, int to, int channel, float bias, boolean hasBias) {
        boolean s = scale != null, t = shift != null;
        float mul = s ? scale[channel] : 1f, add = t ? shift[channel] : 0f;
        for (int i = from; i < to; i++) {
            float v = hasBias ? y[i] + bias : y[i];
            if (s) v = v * mul;
            if (t) v = v + add;
            y[i] = v;
        }
        if (kind != null) Activation.applyInPlace(kind, y, from, to, alpha, beta);
    }
}
