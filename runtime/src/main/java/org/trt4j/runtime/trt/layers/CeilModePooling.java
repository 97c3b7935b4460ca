package org.trt4j.runtime.trt.layers;

/**
 * TensorRT padding and rounding that give PyTorch's ceil-mode pooling output size. PyTorch rounds the window count up
 * but drops a last window that would start in the end padding; TensorRT's round-up does not drop it. Static dims get
 * the end padding at which the last window ends exactly where PyTorch's last window ends (exact under both roundings);
 * dynamic dims use round-up, which is exact when no window can start in the end padding (stride + end padding <=
 * kernel). Pure Java.
 */
final class CeilModePooling {
    private CeilModePooling() {}

    /** End padding per pooled dim for TensorRT, and whether to round up (kEXPLICIT_ROUND_UP). */
    record Plan(int[] postPadding, boolean roundUp) {}

    /**
     * @param in           pooled input dims as TensorRT sees them (after any explicit padding), -1 = dynamic
     * @param out          PyTorch's output dims (the IR's; -1 where the input dim is dynamic)
     * @param pre          leading padding as TensorRT will apply it
     * @param post         end padding as TensorRT would apply it (kept for dynamic dims)
     * @param originalPost PyTorch's end padding (before any explicit padding)
     * @throws IllegalArgumentException when TensorRT cannot give PyTorch's size
     */
    static Plan plan(int[] in, int[] out, int[] kernel, int[] stride, int[] pre, int[] post, int[] originalPost) {
        int n = in.length;
        boolean anyDynamic = false;
        for (int i = 0; i < n; i++) {
            if (in[i] != -1) continue;
            anyDynamic = true;
            if (stride[i] + originalPost[i] > kernel[i])
                throw new IllegalArgumentException("ceil-mode pooling with kernel " + kernel[i] + ", stride " + stride[i] + " and end padding "
                        + originalPost[i] + " on a dynamic dimension: PyTorch's output size then depends on the input size in a way"
                        + " TensorRT cannot express; make the dimension static");
        }
        int[] planned = post.clone();
        for (int i = 0; i < n; i++) {
            if (in[i] == -1) continue;
            int exact = (out[i] - 1) * stride[i] + kernel[i] - in[i] - pre[i];
            if (exact < 0 && anyDynamic)
                throw new IllegalArgumentException("ceil-mode pooling mixing dynamic dimensions with a static dimension of size " + in[i]
                        + " whose PyTorch output size TensorRT's round-up cannot give; make all pooled dimensions static");
            planned[i] = Math.max(0, exact);
        }
        return new Plan(planned, anyDynamic);
    }
}
