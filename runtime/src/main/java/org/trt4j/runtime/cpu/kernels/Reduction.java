package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;

import java.util.Arrays;

/** TensorRT IReduceLayer, ISoftMaxLayer and ITopKLayer. */
public final class Reduction {
    private Reduction() {}

    /** TensorRT ReduceOperation: torch.sum, torch.mean, torch.amax, torch.amin, torch.prod. */
    public enum Kind { SUM, AVG, MAX, MIN, PROD }

    /**
     * {@code torch.sum/mean/amax/amin/prod(x, dim=axes, keepdim=keepDims)} (sums accumulate in double). Axes may
     * be negative; an empty axes list reduces nothing. Global average pooling is AVG over the spatial axes.
     */
    public static HostTensor reduce(HostTensor x, Kind kind, int[] axes, boolean keepDims) {
        String op = "reduce " + kind;
        Tensors.requireFloat(x, op);
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            int n = Tensors.normalizeAxis(a, rank, op);
            if (reduced[n]) throw new UserError(op + ": axis " + a + " listed twice in " + Arrays.toString(axes));
            reduced[n] = true;
        }
        int[] shape = x.shape(), kept = new int[rank];
        int count = 1;
        for (int d = 0; d < rank; d++) {
            kept[d] = reduced[d] ? 1 : shape[d];
            if (reduced[d]) count *= shape[d];
        }
        if (count == 0 && (kind == Kind.MAX || kind == Kind.MIN)) throw new UserError(op + ": reduces an empty dim of " + x);
        int outN = Tensors.numel(kept);
        double[] acc = new double[outN];
        double init = switch (kind) {
            case SUM, AVG -> 0.0;
            case PROD -> 1.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
        Arrays.fill(acc, init);
        int[] target = Tensors.broadcastIndex(kept, shape);
        float[] xs = x.floats();
        for (int e = 0; e < xs.length; e++) {
            int t = target == null ? e : target[e];
            double v = xs[e];
            acc[t] = switch (kind) {
                case SUM, AVG -> acc[t] + v;
                case PROD -> acc[t] * v;
                case MAX -> Double.isNaN(v) || v > acc[t] ? v : acc[t];
                case MIN -> Double.isNaN(v) || v < acc[t] ? v : acc[t];
            };
        }
        float[] y = new float[outN];
        for (int i = 0; i < outN; i++) y[i] = (float) (kind == Kind.AVG ? acc[i] / count : acc[i]);
        int[] outShape = kept;
        if (!keepDims) {
            outShape = new int[rank - (int) java.util.stream.IntStream.range(0, rank).filter(d -> reduced[d]).count()];
            for (int d = 0, j = 0; d < rank; d++) if (!reduced[d]) outShape[j++] = shape[d];
        }
        return Tensors.floats(y, outShape);
    }

    /** {@code torch.softmax(x, axis)}: exp(x - max) / sum, computed in double per slice. */
    public static HostTensor softmax(HostTensor x, int axis) {
        String op = "softmax";
        Tensors.requireFloat(x, op);
        int a = Tensors.normalizeAxis(axis, x.rank(), op);
        int[] shape = x.shape();
        int outer = Tensors.product(shape, 0, a), n = shape[a], inner = Tensors.product(shape, a + 1, shape.length);
        float[] xs = x.floats(), y = new float[xs.length];
        Tensors.parallelFor(outer, (long) n * inner * 4, o -> {
            double[] e = new double[n];
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) max = Math.max(max, xs[base + j * inner]);
                double sum = 0;
                for (int j = 0; j < n; j++) sum += e[j] = Math.exp(xs[base + j * inner] - max);
                for (int j = 0; j < n; j++) y[base + j * inner] = (float) (e[j] / sum);
            }
        });
        return Tensors.floats(y, shape.clone());
    }

    /**
     * {@code torch.topk(x, k, dim=axis, largest=largest, sorted=True)}: returns {values, INT32 indices}, both with
     * dim axis of size k, ordered best first; equal values keep the lower index first (stable, as TensorRT).
     * NaN counts as larger than every number (PyTorch).
     */
    public static HostTensor[] topK(HostTensor x, int k, int axis, boolean largest) {
        String op = "topk";
        Tensors.requireFloat(x, op);
        int a = Tensors.normalizeAxis(axis, x.rank(), op);
        int[] shape = x.shape();
        int n = shape[a];
        if (k < 0 || k > n) throw new UserError(op + ": k=" + k + " out of range for " + x + " axis " + axis);
        int outer = Tensors.product(shape, 0, a), inner = Tensors.product(shape, a + 1, shape.length);
        int[] outShape = shape.clone();
        outShape[a] = k;
        float[] xs = x.floats(), values = new float[outer * k * inner];
        int[] indices = new int[values.length];
        Integer[] order = new Integer[n];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                for (int j = 0; j < n; j++) order[j] = j;
                // Arrays.sort on objects is stable: ties keep ascending index order.
                Arrays.sort(order, (p, q) -> largest
                        ? Float.compare(xs[base + q * inner], xs[base + p * inner])
                        : Float.compare(xs[base + p * inner], xs[base + q * inner]));
                for (int j = 0; j < k; j++) {
                    int dst = (o * k + j) * inner + i;
                    indices[dst] = order[j];
                    values[dst] = xs[base + order[j] * inner];
                }
            }
        return new HostTensor[]{Tensors.floats(values, outShape), Tensors.ints(DType.INT32, indices, outShape.clone())};
    }
}
