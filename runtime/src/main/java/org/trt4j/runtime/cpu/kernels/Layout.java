package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Arrays;

/** Data movement: TensorRT IConcatenationLayer, ISliceLayer, IShuffleLayer (transpose, reshape). Any dtype. */
public final class Layout {
    private Layout() {}

    /** {@code torch.cat(tensors, axis)}: all inputs of one dtype and equal shape except along axis. */
    public static HostTensor concat(int axis, HostTensor... tensors) {
        String op = "concat";
        if (tensors.length == 0) throw new UserError(op + ": needs at least one input");
        HostTensor first = tensors[0];
        int a = Tensors.normalizeAxis(axis, first.rank(), op);
        int[] outShape = first.shape().clone();
        outShape[a] = 0;
        for (HostTensor t : tensors) {
            boolean same = t.rank() == first.rank() && t.dtype() == first.dtype();
            for (int d = 0; same && d < t.rank(); d++) same = d == a || t.shape()[d] == first.shape()[d];
            if (!same) throw new UserError(op + ": input " + t + " does not match " + first + " outside axis " + axis);
            outShape[a] += t.shape()[a];
        }
        int outer = Tensors.product(outShape, 0, a), inner = Tensors.product(outShape, a + 1, outShape.length);
        int rowOut = outShape[a] * inner, n = Tensors.numel(outShape);
        boolean floating = first.dtype().isFloating();
        float[] yf = floating ? ArrayPool.take(n) : null; // the inputs' rows tile the output
        int[] yi = floating ? null : new int[n];
        int offset = 0;
        for (HostTensor t : tensors) {
            int row = t.shape()[a] * inner;
            for (int o = 0; o < outer; o++) {
                if (floating) System.arraycopy(t.floats(), o * row, yf, o * rowOut + offset, row);
                else System.arraycopy(t.ints(), o * row, yi, o * rowOut + offset, row);
            }
            offset += row;
        }
        return new HostTensor(first.dtype(), outShape, yf, yi);
    }

    /**
     * TensorRT ISliceLayer (default mode): out[i] = x[start + i*stride] per axis, {@code size} elements; negative
     * strides walk backwards. For PyTorch {@code x[s:e:k]} (k > 0): start = s, size = ceil((e - s) / k), stride = k;
     * {@code torch.flip} is start = n-1, stride = -1. Every index read must lie in the input.
     */
    public static HostTensor slice(HostTensor x, int[] start, int[] size, int[] stride) {
        String op = "slice";
        int rank = x.rank();
        Tensors.requireLength(start, rank, "start", op);
        Tensors.requireLength(size, rank, "size", op);
        Tensors.requireLength(stride, rank, "stride", op);
        for (int d = 0; d < rank; d++) {
            long last = start[d] + (long) (size[d] - 1) * stride[d];
            if (size[d] < 0 || (size[d] > 0 && (start[d] < 0 || start[d] >= x.shape()[d] || last < 0 || last >= x.shape()[d])))
                throw new UserError(op + ": start " + Arrays.toString(start) + " size " + Arrays.toString(size) + " stride "
                        + Arrays.toString(stride) + " reads outside " + x);
        }
        int[] inStride = Tensors.strides(x.shape());
        int n = Tensors.numel(size);
        int[] source = new int[n];
        int[] pos = new int[rank];
        int base = 0;
        for (int d = 0; d < rank; d++) base += start[d] * inStride[d];
        int flat = base;
        for (int e = 0; e < n; e++) {
            source[e] = flat;
            for (int d = rank - 1; d >= 0; d--) {
                pos[d]++;
                flat += stride[d] * inStride[d];
                if (pos[d] < size[d]) break;
                flat -= pos[d] * stride[d] * inStride[d];
                pos[d] = 0;
            }
        }
        return Tensors.take(x, source, size.clone());
    }

    /** {@code x.permute(perm)}: output dim i is input dim perm[i]. */
    public static HostTensor transpose(HostTensor x, int[] perm) {
        String op = "transpose";
        int rank = x.rank();
        Tensors.requireLength(perm, rank, "permutation", op);
        boolean[] seen = new boolean[rank];
        for (int p : perm) {
            if (p < 0 || p >= rank || seen[p]) throw new UserError(op + ": " + Arrays.toString(perm) + " is not a permutation of " + rank + " dims");
            seen[p] = true;
        }
        int[] inStride = Tensors.strides(x.shape()), outShape = new int[rank], step = new int[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = x.shape()[perm[i]];
            step[i] = inStride[perm[i]];
        }
        int n = x.size();
        int[] source = new int[n], pos = new int[rank];
        int flat = 0;
        for (int e = 0; e < n; e++) {
            source[e] = flat;
            for (int d = rank - 1; d >= 0; d--) {
                pos[d]++;
                flat += step[d];
                if (pos[d] < outShape[d]) break;
                flat -= pos[d] * step[d];
                pos[d] = 0;
            }
        }
        return Tensors.take(x, source, outShape);
    }

    /**
     * {@code x.reshape(shape)}: one dim may be -1 (inferred); 0 is a literal zero-size dim. The result shares x's
     * value array (kernels never write their inputs).
     */
    public static HostTensor reshape(HostTensor x, int[] shape) {
        String op = "reshape";
        int[] out = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) throw new UserError(op + ": more than one -1 in " + Arrays.toString(shape));
                infer = i;
            } else if (out[i] < 0) throw new UserError(op + ": bad dim in " + Arrays.toString(shape));
            else known *= out[i];
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) throw new UserError(op + ": cannot reshape " + x + " to " + Arrays.toString(shape));
            out[infer] = (int) (x.size() / known);
        } else if (known != x.size()) throw new UserError(op + ": cannot reshape " + x + " to " + Arrays.toString(shape));
        return new HostTensor(x.dtype(), out, x.floats(), x.ints());
    }
}
