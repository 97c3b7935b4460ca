package org.trt4j.runtime.quant;

import org.trt4j.runtime.graph.Op;

/**
 * INT8 weights as explicit quantization gives them to TensorRT: symmetric per output channel (scale = max |w| / 127,
 * rounded half to even as TensorRT's QuantizeLinear does), and the bias correction that goes with them: rounding
 * shifts each output by sum (w_q - w) * x, whose mean over the calibration data is sum (w_q - w) * mean(x) per input
 * channel; subtracting it from the bias keeps the layer's mean output. It matters where an input channel has a large
 * mean, such as an image carried through a network with an offset: there the rounding of dozens of weights adds up
 * to a brightness shift of several 8-bit levels.
 */
public final class WeightQuantization {
    private WeightQuantization() {}

    /** Symmetric INT8 scale of each output channel's weights; an all-zero channel gets a tiny positive scale. */
    public static float[] channelScales(float[] weights, int channels) {
        int per = weights.length / channels;
        float[] scales = new float[channels];
        for (int ch = 0; ch < channels; ch++) {
            float amax = 0;
            for (int i = ch * per; i < (ch + 1) * per; i++) amax = Math.max(amax, Math.abs(weights[i]));
            scales[ch] = Math.max(amax, 1e-12f) / 127f;
        }
        return scales;
    }

    /** The weights after quantizing and dequantizing with the per-output-channel scales. */
    public static float[] rounded(float[] weights, float[] scales) {
        int per = weights.length / scales.length;
        float[] out = new float[weights.length];
        for (int i = 0; i < weights.length; i++) {
            float s = scales[i / per];
            out[i] = (float) Math.max(-128, Math.min(127, Math.rint(weights[i] / s))) * s;
        }
        return out;
    }

    /**
     * The convolution's bias with the mean effect of rounding its weights removed.
     *
     * @param inputMeans the mean of each input channel over the calibration data
     */
    public static float[] correctedBias(Op.Convolution conv, float[] inputMeans) {
        float[] w = conv.kernelWeights().floats(), q = rounded(w, channelScales(w, conv.outputChannels()));
        int outPerGroup = conv.outputChannels() / conv.groups(), inPerGroup = inputMeans.length / conv.groups();
        int taps = w.length / conv.outputChannels() / inPerGroup;
        if ((long) conv.outputChannels() * inPerGroup * taps != w.length || inPerGroup * conv.groups() != inputMeans.length)
            throw new IllegalArgumentException("convolution weights " + conv.kernelWeights() + " do not fit " + inputMeans.length + " input channel means");
        float[] bias = conv.bias() == null ? new float[conv.outputChannels()] : conv.bias().floats();
        for (int o = 0; o < conv.outputChannels(); o++) {
            int firstInput = o / outPerGroup * inPerGroup;
            double shift = 0;
            for (int i = 0; i < inPerGroup; i++) {
                double sum = 0;
                for (int t = 0, at = (o * inPerGroup + i) * taps; t < taps; t++) sum += q[at + t] - w[at + t];
                shift += sum * inputMeans[firstInput + i];
            }
            bias[o] = (float) (bias[o] - shift);
        }
        return bias;
    }
}
