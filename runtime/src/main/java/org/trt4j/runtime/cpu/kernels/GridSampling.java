package org.trt4j.runtime.cpu.kernels;

import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.Half;

/**
 * {@code grid_sample} on N×C×H×W at an N×Hg×Wg×2 grid (x then y, normalized to [-1, 1]), bilinear or nearest, in
 * float32 operation for operation as the trt4j::GridSample plugin's CUDA kernel. One implementation for both CPU
 * paths: the IR's GridSample op (TensorRT's IGridSampleLayer, sample mode FILL = zero padding) and the plugins
 * module's reference ({@code org.trt4j.plugins.GridSample}), so the two give the same values.
 */
public final class GridSampling {
    /** Padding for points outside the input, as grid_sample's padding_mode. */
    public enum Padding { ZEROS, BORDER, REFLECTION }

    private GridSampling() {}

    /** Zero padding (the IR op). */
    public static HostTensor apply(HostTensor input, HostTensor grid, boolean nearest, boolean alignCorners) {
        return apply(input, grid, nearest, Padding.ZEROS, alignCorners);
    }

    /** The output has the input's dtype (HALF values rounded to binary16); shapes are checked by the caller. */
    public static HostTensor apply(HostTensor input, HostTensor grid, boolean nearest, Padding padding, boolean alignCorners) {
        int[] is = input.shape(), gs = grid.shape();
        int n = is[0], c = is[1], h = is[2], w = is[3], gh = gs[1], gw = gs[2];
        float[] in = input.asFloats(), g = grid.asFloats();
        float[] out = new float[n * c * gh * gw];
        int plane = h * w, outPlane = gh * gw;
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < outPlane; p++) {
                int point = b * outPlane + p;
                float ix = sourceIndex(g[2 * point], w, padding, alignCorners), iy = sourceIndex(g[2 * point + 1], h, padding, alignCorners);
                int inBase = b * c * plane, outBase = b * c * outPlane + p;
                if (nearest) {
                    long x = (long) Math.rint(ix), y = (long) Math.rint(iy); // half to even, as nearbyint
                    boolean inside = inBounds(y, x, h, w);
                    for (int ch = 0; ch < c; ch++) out[outBase + ch * outPlane] = inside ? in[inBase + ch * plane + (int) (y * w + x)] : 0f;
                    continue;
                }
                long x0 = (long) Math.floor(ix), y0 = (long) Math.floor(iy), x1 = x0 + 1, y1 = y0 + 1;
                float wx1 = ix - x0, wx0 = x1 - ix, wy1 = iy - y0, wy0 = y1 - iy;
                float w00 = wx0 * wy0, w01 = wx1 * wy0, w10 = wx0 * wy1, w11 = wx1 * wy1;
                boolean in00 = inBounds(y0, x0, h, w), in01 = inBounds(y0, x1, h, w), in10 = inBounds(y1, x0, h, w), in11 = inBounds(y1, x1, h, w);
                for (int ch = 0; ch < c; ch++) {
                    int base = inBase + ch * plane;
                    float v = 0f;
                    if (in00) v += in[base + (int) (y0 * w + x0)] * w00;
                    if (in01) v += in[base + (int) (y0 * w + x1)] * w01;
                    if (in10) v += in[base + (int) (y1 * w + x0)] * w10;
                    if (in11) v += in[base + (int) (y1 * w + x1)] * w11;
                    out[outBase + ch * outPlane] = v;
                }
            }
        }
        boolean half = input.dtype() == DType.HALF;
        if (half) for (int i = 0; i < out.length; i++) out[i] = Half.toFloat(Half.fromFloat(out[i]));
        return new HostTensor(half ? DType.HALF : DType.FLOAT, new int[]{n, c, gh, gw}, out, null);
    }

    /** The unnormalized source coordinate after padding; non-finite or huge coordinates land outside every tensor (zero). */
    static float sourceIndex(float coord, int size, Padding padding, boolean alignCorners) {
        float x = alignCorners ? (coord + 1f) / 2f * (size - 1) : ((coord + 1f) * size - 1f) / 2f;
        // non-finite grid values sample zero in every padding mode (PyTorch's CPU and CUDA kernels disagree there)
        if (!Float.isFinite(x)) return -100f;
        if (padding == Padding.BORDER) {
            x = clip(x, size);
        } else if (padding == Padding.REFLECTION) {
            x = alignCorners ? reflect(x, 0, 2 * (size - 1)) : reflect(x, -1, 2 * size - 1);
            x = clip(x, size);
        }
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
