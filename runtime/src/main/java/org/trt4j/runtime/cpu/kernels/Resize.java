package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Arrays;

/**
 * TensorRT IResizeLayer with PyTorch {@code F.interpolate} numerics (float32 coordinate arithmetic as ATen's
 * UpSample.h). Applied separably, one resized axis at a time.
 */
public final class Resize {
    private Resize() {}

    public enum Mode { NEAREST, LINEAR, CUBIC }

    /** How an output index maps to an input coordinate (TensorRT ResizeCoordinateTransformation). */
    public enum CoordinateTransform {
        /** src = dst * (in-1)/(out-1) (0 when out = 1): align_corners=True */
        ALIGN_CORNERS,
        /** src = dst * ratio: PyTorch 'nearest' */
        ASYMMETRIC,
        /** src = (dst + 0.5) * ratio - 0.5: align_corners=False for linear/cubic, 'nearest-exact' */
        HALF_PIXEL
    }

    /** How NEAREST rounds the input coordinate (TensorRT ResizeRoundMode). */
    public enum NearestRounding { FLOOR, CEIL, HALF_UP, HALF_DOWN }

    /**
     * Resizes x to {@code outShape} (same rank; a dim is interpolated when its size changes or it has a scale; ATen
     * 1.13 is inconsistent for an unchanged size with a scale factor, copying for linear and some nearest paths,
     * and this kernel always applies the scale). ratio = in/out per dim,
     * or 1/scales[d] where {@code scales} (nullable, one per dim, 0 = unset) gives PyTorch's scale_factor with
     * recompute_scale_factor=False; ALIGN_CORNERS ignores scales as PyTorch does. Indices are clamped to the input.
     * <ul>
     * <li>NEAREST + ASYMMETRIC + FLOOR = {@code F.interpolate(mode='nearest')}: src = min(floor(dst*ratio), in-1);
     * NEAREST + HALF_PIXEL + HALF_UP = {@code mode='nearest-exact'}: src = min(floor((dst+0.5)*ratio), in-1).</li>
     * <li>LINEAR = {@code mode='linear'/'bilinear'/'trilinear'}; with HALF_PIXEL (align_corners=False) a negative
     * source coordinate is clamped to 0 as PyTorch does; ALIGN_CORNERS = align_corners=True.</li>
     * <li>CUBIC with cubicCoefficient -0.75 = {@code mode='bicubic'}: HALF_PIXEL source coordinates are not clamped,
     * the four taps floor(src)-1 .. floor(src)+2 are clamped to the border (replicate).</li>
     * </ul>
     */
    public static HostTensor resize(HostTensor x, int[] outShape, double[] scales, Mode mode,
                                    CoordinateTransform transform, NearestRounding rounding, float cubicCoefficient) {
        String op = "resize";
        Tensors.requireFloat(x, op);
        int rank = x.rank();
        Tensors.requireLength(outShape, rank, "output shape", op);
        if (scales != null) Tensors.requireLength(new int[scales.length], rank, "scales", op);
        for (int d : outShape) if (d < 1) throw new UserError(op + ": output shape " + Arrays.toString(outShape) + " must be positive");
        float[] data = x.floats();
        int[] shape = x.shape().clone();
        for (int axis = rank - 1; axis >= 0; axis--) {
            int in = shape[axis], out = outShape[axis];
            boolean scaled = scales != null && scales[axis] > 0 && transform != CoordinateTransform.ALIGN_CORNERS;
            if (in == out && !scaled) continue;
            float ratio = transform == CoordinateTransform.ALIGN_CORNERS
                    ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f)
                    : scaled ? (float) (1.0 / scales[axis]) : (float) in / out;
            Taps taps = switch (mode) {
                case NEAREST -> nearest(in, out, ratio, transform, rounding);
                case LINEAR -> linear(in, out, ratio, transform);
                case CUBIC -> cubic(in, out, ratio, transform, cubicCoefficient);
            };
            data = apply(data, shape, axis, out, taps);
            shape[axis] = out;
        }
        return Tensors.floats(data == x.floats() ? data.clone() : data, shape);
    }

    /** For each output index along one axis: input indices and weights, {@code width} per output index. */
    private record Taps(int width, int[] index, float[] weight) {}

    private static float source(int dst, float ratio, CoordinateTransform transform) {
        return transform == CoordinateTransform.HALF_PIXEL ? ratio * (dst + 0.5f) - 0.5f : ratio * dst;
    }

    private static Taps nearest(int in, int out, float ratio, CoordinateTransform transform, NearestRounding rounding) {
        int[] index = new int[out];
        float[] weight = new float[out];
        for (int dst = 0; dst < out; dst++) {
            int src;
            if (transform == CoordinateTransform.ASYMMETRIC && rounding == NearestRounding.FLOOR)
                src = (int) Math.floor(dst * ratio);
            else if (transform == CoordinateTransform.HALF_PIXEL && rounding == NearestRounding.HALF_UP)
                src = (int) Math.floor((float) ((dst + 0.5) * ratio)); // ATen's nearest-exact arithmetic
            else {
                float s = source(dst, ratio, transform);
                src = (int) switch (rounding) {
                    case FLOOR -> Math.floor(s);
                    case CEIL -> Math.ceil(s);
                    case HALF_UP -> Math.floor(s + 0.5f);
                    case HALF_DOWN -> Math.ceil(s - 0.5f);
                };
            }
            index[dst] = Math.max(0, Math.min(in - 1, src));
            weight[dst] = 1f;
        }
        return new Taps(1, index, weight);
    }

    private static Taps linear(int in, int out, float ratio, CoordinateTransform transform) {
        int[] index = new int[2 * out];
        float[] weight = new float[2 * out];
        for (int dst = 0; dst < out; dst++) {
            float s = Math.max(0f, source(dst, ratio, transform));
            int i0 = Math.min((int) s, in - 1);
            float l1 = Math.min(Math.max(s - i0, 0f), 1f);
            index[2 * dst] = i0;
            index[2 * dst + 1] = i0 < in - 1 ? i0 + 1 : i0;
            weight[2 * dst] = 1f - l1;
            weight[2 * dst + 1] = l1;
        }
        return new Taps(2, index, weight);
    }

    private static Taps cubic(int in, int out, float ratio, CoordinateTransform transform, float a) {
        int[] index = new int[4 * out];
        float[] weight = new float[4 * out];
        for (int dst = 0; dst < out; dst++) {
            float s = source(dst, ratio, transform);
            int i0 = (int) Math.floor(s);
            float t = s - i0;
            float[] w = {cubicFar(t + 1f, a), cubicNear(t, a), cubicNear(1f - t, a), cubicFar(2f - t, a)};
            for (int k = 0; k < 4; k++) {
                index[4 * dst + k] = Math.max(0, Math.min(in - 1, i0 - 1 + k));
                weight[4 * dst + k] = w[k];
            }
        }
        return new Taps(4, index, weight);
    }

    /** Keys' cubic kernel for |x| <= 1. */
    private static float cubicNear(float x, float a) { return ((a + 2f) * x - (a + 3f)) * x * x + 1f; }

    /** Keys' cubic kernel for 1 < |x| < 2. */
    private static float cubicFar(float x, float a) { return ((a * x - 5f * a) * x + 8f * a) * x - 4f * a; }

    private static float[] apply(float[] data, int[] shape, int axis, int out, Taps taps) {
        int outer = Tensors.product(shape, 0, axis), in = shape[axis], inner = Tensors.product(shape, axis + 1, shape.length);
        float[] y = new float[outer * out * inner];
        int width = taps.width();
        Tensors.parallelFor(outer, (long) out * inner * width, o -> {
            for (int dst = 0; dst < out; dst++) {
                int yo = (o * out + dst) * inner;
                for (int t = 0; t < width; t++) {
                    float w = taps.weight()[dst * width + t];
                    int xo = (o * in + taps.index()[dst * width + t]) * inner;
                    for (int i = 0; i < inner; i++) y[yo + i] += w * data[xo + i];
                }
            }
        });
        return y;
    }
}
