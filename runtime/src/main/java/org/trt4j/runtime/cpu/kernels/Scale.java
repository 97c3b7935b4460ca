package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

/** TensorRT IScaleLayer: y = (x * scale + shift) ^ power with uniform, per-channel or elementwise coefficients. */
public final class Scale {
    private Scale() {}

    /** How many coefficients each of shift, scale and power holds (TensorRT ScaleMode). */
    public enum Mode { UNIFORM, CHANNEL, ELEMENTWISE }

    /**
     * y = (x * scale + shift) ^ power, evaluated in float32 as PyTorch evaluates {@code torch.pow(x * scale + shift,
     * power)} (batch-norm folding: scale = gamma/sqrt(var+eps), shift = beta - mean*scale, power = 1). Each of
     * shift, scale, power may be null (0, 1, 1). UNIFORM: one value; CHANNEL: one per index of {@code channelAxis};
     * ELEMENTWISE: one per element of the dims from {@code channelAxis} on (TensorRT's layout).
     */
    public static HostTensor scale(HostTensor x, Mode mode, int channelAxis, float[] shift, float[] scale, float[] power) {
        String op = "scale";
        Tensors.requireFloat(x, op);
        int[] shape = x.shape();
        int axis = Tensors.normalizeAxis(channelAxis, shape.length, op);
        int count, inner;
        switch (mode) {
            case UNIFORM -> { count = 1; inner = x.size(); }
            case CHANNEL -> { count = shape[axis]; inner = Tensors.product(shape, axis + 1, shape.length); }
            default -> { count = Tensors.product(shape, axis, shape.length); inner = 1; }
        }
        check(shift, count, "shift", mode);
        check(scale, count, "scale", mode);
        check(power, count, "power", mode);
        float[] xs = x.floats(), y = new float[xs.length];
        int outer = count * inner == 0 ? 0 : xs.length / (count * inner);
        for (int o = 0, i = 0; o < outer; o++)
            for (int c = 0; c < count; c++) {
                float mul = scale == null ? 1f : scale[c], add = shift == null ? 0f : shift[c], exp = power == null ? 1f : power[c];
                for (int end = i + inner; i < end; i++) {
                    float v = scale == null ? xs[i] : xs[i] * mul;
                    v = shift == null ? v : v + add;
                    y[i] = exp == 1f ? v : ElementWise.pow(v, exp);
                }
            }
        return Tensors.floats(y, shape.clone());
    }

    private static void check(float[] values, int count, String what, Mode mode) {
        if (values != null && values.length != count)
            throw new UserError("scale: " + mode + " mode needs " + count + " " + what + " values, got " + values.length);
    }
}
