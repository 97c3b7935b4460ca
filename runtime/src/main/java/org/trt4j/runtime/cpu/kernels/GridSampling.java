package org.trt4j.runtime.cpu.kernels;

import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.Half;

/**
 * {@code grid_sample(padding_mode='zeros')} on N×C×H×W at an N×Hg×Wg×2 grid, bilinear or nearest (TensorRT's
 * IGridSampleLayer with sample mode FILL). The arithmetic is the plugins module's GridSample reference for zero
 * padding, operation for operation in float32, so the native layer and the trt4j::GridSample plugin give the same
 * values on the CPU backend.
 */
public final class GridSampling {
    private GridSampling() {}

    public static HostTensor apply(HostTensor input, HostTensor grid, boolean nearest, boolean alignCorners) {
        int[] is = input.shape(), gs = grid.shape();
        int n = is[0], c = is[1], h = is[2], w = is[3], gh = gs[1], gw = gs[2];
        float[] in = input.asFloats(), g = grid.asFloats();
        float[] out = new float[n * c * gh * gw];
        int plane = h * w, outPlane = gh * gw;
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < outPlane; p++) {
                int point = b * outPlane + p;
                float ix = sourceIndex(g[2 * point], w, alignCorners), iy = sourceIndex(g[2 * point + 1], h, alignCorners);
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

    /** The unnormalized source coordinate; non-finite or huge coordinates land outside every tensor (zero). */
    static float sourceIndex(float coord, int size, boolean alignCorners) {
        float x = alignCorners ? (coord + 1f) / 2f * (size - 1) : ((coord + 1f) * size - 1f) / 2f;
        if (!Float.isFinite(x)) return -100f;
        return Math.abs(x) > 2147483647f - 1f ? -100f : x;
    }

    private static boolean inBounds(long y, long x, int h, int w) { return y >= 0 && y < h && x >= 0 && x < w; }
}
