package org.trt4j.plugins;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.ShapeError;
import org.trt4j.weights.Half;

/**
 * Grid sampling with the semantics of {@code torch.nn.functional.grid_sample} on 4-D inputs: input N×C×H×W, grid
 * N×Hg×Wg×2 (x then y, normalized to [-1, 1]) → output N×C×Hg×Wg. This class is the CPU reference of the
 * {@code trt4j::GridSample} plugin and follows its CUDA kernel operation for operation, in float32.
 */
public final class GridSample {

    /** Interpolation; the ordinal is the plugin's {@code interpolation_mode} field value. */
    public enum Mode { BILINEAR, NEAREST }

    /** Padding for points outside the input; the ordinal is the plugin's {@code padding_mode} field value. */
    public enum Padding { ZEROS, BORDER, REFLECTION }

    private GridSample() {}

    /** Output shape N×C×Hg×Wg ({@link Shape#DYNAMIC} dims allowed); a ShapeError when the shapes do not fit. */
    public static Shape outputShape(Shape input, Shape grid) {
        boolean batchMismatch = input.rank() == 4 && grid.rank() == 4 && input.dim(0) != grid.dim(0)
                && input.dim(0) != Shape.DYNAMIC && grid.dim(0) != Shape.DYNAMIC;
        if (input.rank() != 4 || grid.rank() != 4 || grid.dim(3) != 2 || batchMismatch)
            throw new ShapeError("GridSample needs input N x C x H x W and grid N x Hg x Wg x 2, got input " + input
                    + " and grid " + grid);
        return Shape.of(input.dim(0), input.dim(1), grid.dim(1), grid.dim(2));
    }

    /** Samples {@code input} at {@code grid}; the output has the input's dtype (HALF values rounded to binary16). */
    public static HostTensor apply(HostTensor input, HostTensor grid, Mode mode, Padding padding, boolean alignCorners) {
        int[] out = outputShape(input.staticShape(), grid.staticShape()).dims();
        int n = out[0], c = out[1], gh = out[2], gw = out[3], h = input.shape()[2], w = input.shape()[3];
        float[] in = input.asFloats(), g = grid.asFloats();
        float[] result = new float[n * c * gh * gw];
        int plane = h * w, outPlane = gh * gw;
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < outPlane; p++) {
                int point = b * outPlane + p;
                float ix = sourceIndex(g[2 * point], w, padding, alignCorners);
                float iy = sourceIndex(g[2 * point + 1], h, padding, alignCorners);
                int inBase = b * c * plane, outBase = b * c * outPlane + p;
                if (mode == Mode.NEAREST) {
                    long x = (long) Math.rint(ix), y = (long) Math.rint(iy); // half to even, as nearbyint
                    boolean inside = inBounds(y, x, h, w);
                    for (int ch = 0; ch < c; ch++)
                        result[outBase + ch * outPlane] = inside ? in[inBase + ch * plane + (int) (y * w + x)] : 0f;
                } else {
                    long x0 = (long) Math.floor(ix), y0 = (long) Math.floor(iy), x1 = x0 + 1, y1 = y0 + 1;
                    float wx1 = ix - x0, wx0 = x1 - ix, wy1 = iy - y0, wy0 = y1 - iy;
                    float w00 = wx0 * wy0, w01 = wx1 * wy0, w10 = wx0 * wy1, w11 = wx1 * wy1;
                    boolean in00 = inBounds(y0, x0, h, w), in01 = inBounds(y0, x1, h, w);
                    boolean in10 = inBounds(y1, x0, h, w), in11 = inBounds(y1, x1, h, w);
                    for (int ch = 0; ch < c; ch++) {
                        int base = inBase + ch * plane;
                        float v = 0f;
                        if (in00) v += in[base + (int) (y0 * w + x0)] * w00;
                        if (in01) v += in[base + (int) (y0 * w + x1)] * w01;
                        if (in10) v += in[base + (int) (y1 * w + x0)] * w10;
                        if (in11) v += in[base + (int) (y1 * w + x1)] * w11;
                        result[outBase + ch * outPlane] = v;
                    }
                }
            }
        }
        if (input.dtype() == DType.HALF)
            for (int i = 0; i < result.length; i++) result[i] = Half.toFloat(Half.fromFloat(result[i]));
        return new HostTensor(input.dtype() == DType.HALF ? DType.HALF : DType.FLOAT, out, result, null);
    }

    static float sourceIndex(float coord, int size, Padding padding, boolean alignCorners) {
        float x = alignCorners ? (coord + 1f) / 2f * (size - 1) : ((coord + 1f) * size - 1f) / 2f;
        // Non-finite grid values sample zero in every padding mode (PyTorch's CPU and CUDA kernels disagree there).
        if (!Float.isFinite(x)) return -100f;
        if (padding == Padding.BORDER) {
            x = clip(x, size);
        } else if (padding == Padding.REFLECTION) {
            x = alignCorners ? reflect(x, 0, 2 * (size - 1)) : reflect(x, -1, 2 * size - 1);
            x = clip(x, size);
        }
        // Huge coordinates land outside every tensor, as in PyTorch.
        return Math.abs(x) > 2147483647f - 1f ? -100f : x;
    }

    private static float clip(float x, int size) { return Math.min(size - 1f, Math.max(x, 0f)); }

    /** Reflects x into [twiceLow/2, twiceHigh/2]. */
    private static float reflect(float x, int twiceLow, int twiceHigh) {
        if (twiceLow == twiceHigh) return 0f;
        float low = twiceLow / 2f, span = (twiceHigh - twiceLow) / 2f;
        x = Math.abs(x - low);
        float extra = x % span; // fmod
        int flips = (int) Math.floor(x / span);
        return flips % 2 == 0 ? extra + low : span - extra + low;
    }

    private static boolean inBounds(long y, long x, int h, int w) { return y >= 0 && y < h && x >= 0 && x < w; }
}
