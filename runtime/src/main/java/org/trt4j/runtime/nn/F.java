package org.trt4j.runtime.nn;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Op.ActivationType;
import org.trt4j.runtime.graph.Op.CoordinateTransform;
import org.trt4j.runtime.graph.Op.ElementWiseOperation;
import org.trt4j.runtime.graph.Op.NearestRounding;
import org.trt4j.runtime.graph.Op.ReduceOperation;
import org.trt4j.runtime.graph.Op.ResizeMode;
import org.trt4j.runtime.graph.Op.UnaryOperation;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Functional ops, PyTorch-style arguments (negative dims count from the end), written to {@link Network#current()}.
 * Each adds layers named "scope.op" under the current module scope (e.g. {@code layer1.0.relu}, then
 * {@code layer1.0.relu_1}). Binary ops broadcast numpy-style: a lower-rank operand is reshaped with leading 1s
 * first, since TensorRT needs equal ranks. Shape tensors are INT64 1-D tensors (as TensorRT's shape layer gives);
 * the ordinary ops (add, mul, gather, cat, ...) do their arithmetic.
 */
public final class F {
    private F() {}

    static Network net() { return Network.current(); }

    /** The current module path for messages, or the network's name at top level. */
    static String where() {
        String path = net().scopePath();
        return path.isEmpty() ? "network " + net().name() : path;
    }

    static Tensor layer(String name, Op op, Tensor... inputs) { return net().add(name, op, inputs); }

    /** dim in [-rank, rank) to [0, rank). */
    static int axis(int dim, int rank) {
        int a = dim < 0 ? dim + rank : dim;
        if (a < 0 || a >= rank) throw new UserError(where() + ": dim " + dim + " is out of range for rank " + rank);
        return a;
    }

    static int[] filled(int value, int n) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    // ------------------------------------------------------------------ convolution

    /** 2-D convolution, weights [out, in/groups, kh, kw] (kernel size read from the weights' shape), bias [out] or null. */
    public static Tensor conv2d(Tensor x, Weights weight, Weights bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return conv("conv", x, weight, bias, stride, padding, padding, dilation, groups);
    }

    public static Tensor conv2d(Tensor x, Weights weight, Weights bias, int stride, int padding, int dilation, int groups) {
        return conv2d(x, weight, bias, filled(stride, 2), filled(padding, 2), filled(dilation, 2), groups);
    }

    /** 3-D convolution, weights [out, in/groups, kd, kh, kw]. */
    public static Tensor conv3d(Tensor x, Weights weight, Weights bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return conv("conv", x, weight, bias, stride, padding, padding, dilation, groups);
    }

    /** N-d convolution with separate padding before and after each spatial dim (asymmetric "same" padding). */
    public static Tensor conv(String name, Tensor x, Weights weight, Weights bias, int[] stride, int[] padPre, int[] padPost, int[] dilation, int groups) {
        int[] w = weight.shape().dims();
        if (w.length < 3) throw new UserError(where() + ": convolution weights " + weight + " need shape [out, in/groups, k...]");
        return layer(name, new Op.Convolution(w[0], Arrays.copyOfRange(w, 2, w.length), stride, padPre, padPost, dilation, groups, weight, bias), x);
    }

    /** 2-D transposed convolution, weights [in, out/groups, kh, kw] (PyTorch layout). */
    public static Tensor convTranspose2d(Tensor x, Weights weight, Weights bias, int[] stride, int[] padding, int[] outputPadding, int groups, int[] dilation) {
        return deconv("deconv", x, weight, bias, stride, padding, padding, outputPadding, dilation, groups);
    }

    public static Tensor convTranspose3d(Tensor x, Weights weight, Weights bias, int[] stride, int[] padding, int[] outputPadding, int groups, int[] dilation) {
        return deconv("deconv", x, weight, bias, stride, padding, padding, outputPadding, dilation, groups);
    }

    public static Tensor deconv(String name, Tensor x, Weights weight, Weights bias, int[] stride, int[] padPre, int[] padPost, int[] outputPadding, int[] dilation, int groups) {
        int[] w = weight.shape().dims();
        if (w.length < 3) throw new UserError(where() + ": deconvolution weights " + weight + " need shape [in, out/groups, k...]");
        return layer(name, new Op.Deconvolution(w[1] * groups, Arrays.copyOfRange(w, 2, w.length), stride, padPre, padPost, outputPadding, dilation, groups, weight, bias), x);
    }

    // ------------------------------------------------------------------ normalization and scale

    /**
     * Inference batch norm over dim 1, folded into a per-channel Scale: scale = γ/sqrt(var+eps), shift = β − mean·scale.
     * gamma/beta may be null (affine=False).
     */
    public static Tensor batchNorm(Tensor x, Weights runningMean, Weights runningVar, Weights gamma, Weights beta, float eps) {
        return batchNorm("batchnorm", x, runningMean, runningVar, gamma, beta, eps);
    }

    static Tensor batchNorm(String name, Tensor x, Weights runningMean, Weights runningVar, Weights gamma, Weights beta, float eps) {
        int c = runningMean.count();
        float[] mean = runningMean.floats(), var = runningVar.floats();
        float[] g = gamma == null ? null : gamma.floats(), b = beta == null ? null : beta.floats();
        for (Weights w : new Weights[]{runningVar, gamma, beta})
            if (w != null && w.count() != c)
                throw new UserError(where() + ": batch norm " + w + " has " + w.count() + " values, running_mean has " + c);
        float[] scale = new float[c], shift = new float[c];
        for (int i = 0; i < c; i++) {
            scale[i] = (float) ((g == null ? 1.0 : g[i]) / Math.sqrt((double) var[i] + eps));
            shift[i] = (b == null ? 0f : b[i]) - mean[i] * scale[i];
        }
        String origin = runningMean.name().replaceAll("\\.running_mean$", "");
        return layer(name, new Op.Scale(Op.ScaleMode.CHANNEL, 1,
                Weights.of(origin + " (folded shift)", shift, c), Weights.of(origin + " (folded scale)", scale, c), null), x);
    }

    /** y = (x·scale + shift)^power per channel along channelAxis (any of the three may be null). */
    public static Tensor scale(Tensor x, Op.ScaleMode mode, int channelAxis, Weights shift, Weights scale, Weights power) {
        return layer("scale", new Op.Scale(mode, axis(channelAxis, x.rank()), shift, scale, power), x);
    }

    // ------------------------------------------------------------------ activations

    public static Tensor activation(Tensor x, ActivationType type, float alpha, float beta) {
        return layer(type.name().toLowerCase(Locale.ROOT), new Op.Activation(type, alpha, beta), x);
    }

    public static Tensor relu(Tensor x) { return activation(x, ActivationType.RELU, 0, 0); }

    public static Tensor leakyRelu(Tensor x, float negativeSlope) { return activation(x, ActivationType.LEAKY_RELU, negativeSlope, 0); }

    public static Tensor sigmoid(Tensor x) { return activation(x, ActivationType.SIGMOID, 0, 0); }

    public static Tensor tanh(Tensor x) { return activation(x, ActivationType.TANH, 0, 0); }

    /** PyTorch hardsigmoid: relu6(x + 3) / 6 = clip(x/6 + 1/2, 0, 1). */
    public static Tensor hardSigmoid(Tensor x) { return activation(x, ActivationType.HARD_SIGMOID, 1f / 6f, 0.5f); }

    /** PyTorch hardswish: x · hardsigmoid(x) (composed, as TensorRT has no hard-swish activation). */
    public static Tensor hardSwish(Tensor x) { return mul(x, hardSigmoid(x)); }

    /** clamp(x, min, max). */
    public static Tensor clip(Tensor x, float min, float max) { return activation(x, ActivationType.CLIP, min, max); }

    public static Tensor relu6(Tensor x) { return clip(x, 0f, 6f); }

    public static Tensor elu(Tensor x, float alpha) { return activation(x, ActivationType.ELU, alpha, 0); }

    /** x · sigmoid(x) (composed). */
    public static Tensor silu(Tensor x) { return mul(x, sigmoid(x)); }

    /** x · tanh(softplus(x)) (composed; TensorRT SOFTPLUS = alpha·log(exp(beta·x) + 1)). */
    public static Tensor mish(Tensor x) { return mul(x, tanh(activation(x, ActivationType.SOFTPLUS, 1f, 1f))); }

    /** Exact (erf) GELU. */
    public static Tensor gelu(Tensor x) { return activation(x, ActivationType.GELU_ERF, 0, 0); }

    // ------------------------------------------------------------------ pooling

    /** PyTorch max_pool2d (stride defaults to kernel when null). */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        return pool("maxpool", x, Op.PoolingType.MAX, kernel, stride, padding, ceilMode, false);
    }

    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return maxPool2d(x, filled(kernel, 2), filled(stride, 2), filled(padding, 2), false);
    }

    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        return pool("avgpool", x, Op.PoolingType.AVERAGE, kernel, stride, padding, ceilMode, countIncludePad);
    }

    public static Tensor maxPool3d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        return pool("maxpool", x, Op.PoolingType.MAX, kernel, stride, padding, ceilMode, false);
    }

    public static Tensor avgPool3d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        return pool("avgpool", x, Op.PoolingType.AVERAGE, kernel, stride, padding, ceilMode, countIncludePad);
    }

    static Tensor pool(String name, Tensor x, Op.PoolingType type, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        int[] s = stride == null ? kernel : stride;
        int[] p = padding == null ? new int[kernel.length] : padding;
        return layer(name, new Op.Pooling(type, kernel, s, p, p, ceilMode, countIncludePad), x);
    }

    /** TensorRT pooling with separate padding before/after (e.g. Darknet's size-2 stride-1 maxpool pads after only). */
    public static Tensor pooling(Tensor x, Op.PoolingType type, int[] kernel, int[] stride, int[] padPre, int[] padPost, boolean ceilMode, boolean countIncludePad) {
        return layer(type == Op.PoolingType.MAX ? "maxpool" : "avgpool", new Op.Pooling(type, kernel, stride, padPre, padPost, ceilMode, countIncludePad), x);
    }

    /** adaptive_avg_pool to 1x1 (2-D or 3-D): mean over dims 2.., keeping them. */
    public static Tensor globalAvgPool(Tensor x) { return reduce(x, ReduceOperation.AVG, spatialDims(x), true); }

    public static Tensor globalMaxPool(Tensor x) { return reduce(x, ReduceOperation.MAX, spatialDims(x), true); }

    private static int[] spatialDims(Tensor x) {
        int[] d = new int[x.rank() - 2];
        for (int i = 0; i < d.length; i++) d[i] = i + 2;
        return d;
    }

    // ------------------------------------------------------------------ padding

    /**
     * torch.nn.functional.pad: pad lists (before, after) pairs from the last dim backwards, e.g. {left, right, top,
     * bottom}; mode "constant" (with value; negative pads crop), "reflect" or "replicate".
     */
    public static Tensor pad(Tensor x, int[] pad, String mode, float value) {
        if (pad.length % 2 != 0 || pad.length / 2 > x.rank())
            throw new UserError(where() + ": pad " + Arrays.toString(pad) + " needs (before, after) pairs for at most " + x.rank() + " dims");
        int[] pre = new int[x.rank()], post = new int[x.rank()];
        for (int i = 0; i < pad.length / 2; i++) {
            pre[x.rank() - 1 - i] = pad[2 * i];
            post[x.rank() - 1 - i] = pad[2 * i + 1];
        }
        Op.PadMode m = switch (mode) {
            case "constant" -> Op.PadMode.CONSTANT;
            case "reflect" -> Op.PadMode.REFLECT;
            case "replicate" -> Op.PadMode.REPLICATE;
            default -> throw new UserError(where() + ": pad mode '" + mode + "' is not one of constant, reflect, replicate");
        };
        return layer("pad", new Op.Pad(pre, post, m, value), x);
    }

    // ------------------------------------------------------------------ elementwise

    public static Tensor elementWise(Tensor a, Tensor b, ElementWiseOperation op) {
        Tensor[] ab = broadcastRanks(a, b);
        return layer(op.name().toLowerCase(Locale.ROOT), new Op.ElementWise(op), ab[0], ab[1]);
    }

    public static Tensor add(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.SUM); }

    public static Tensor sub(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.SUB); }

    public static Tensor mul(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.PROD); }

    public static Tensor div(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.DIV); }

    public static Tensor floorDiv(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.FLOOR_DIV); }

    public static Tensor max(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.MAX); }

    public static Tensor min(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.MIN); }

    public static Tensor pow(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.POW); }

    public static Tensor equal(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.EQUAL); }

    public static Tensor greater(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.GREATER); }

    public static Tensor less(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.LESS); }

    public static Tensor logicalAnd(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.AND); }

    public static Tensor logicalOr(Tensor a, Tensor b) { return elementWise(a, b, ElementWiseOperation.OR); }

    public static Tensor add(Tensor a, double b) { return add(a, scalarLike(a, b)); }

    public static Tensor sub(Tensor a, double b) { return sub(a, scalarLike(a, b)); }

    public static Tensor mul(Tensor a, double b) { return mul(a, scalarLike(a, b)); }

    public static Tensor div(Tensor a, double b) { return div(a, scalarLike(a, b)); }

    public static Tensor pow(Tensor a, double b) { return pow(a, scalarLike(a, b)); }

    /** A constant of x's dtype and rank with all dims 1 (broadcasts against x). */
    public static Tensor scalarLike(Tensor x, double value) {
        int[] ones = filled(1, x.rank());
        if (x.dtype().isFloating()) return constant(Weights.of("scalar " + value, new float[]{(float) value}, ones));
        if (value != Math.rint(value)) throw new UserError(where() + ": scalar " + value + " is not an integer for " + x.dtype() + " tensor " + x.name());
        return constant(Weights.ofInts("scalar " + (long) value, x.dtype(), new int[]{(int) value}, ones));
    }

    /** condition ? a : b with broadcasting (torch.where). */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        int r = Math.max(condition.rank(), Math.max(a.rank(), b.rank()));
        return layer("where", new Op.Select(), unsqueezeFront(condition, r - condition.rank()), unsqueezeFront(a, r - a.rank()), unsqueezeFront(b, r - b.rank()));
    }

    private static Tensor[] broadcastRanks(Tensor a, Tensor b) {
        int r = Math.max(a.rank(), b.rank());
        return new Tensor[]{unsqueezeFront(a, r - a.rank()), unsqueezeFront(b, r - b.rank())};
    }

    /** Prepends count dims of 1 (a reshape; through a shape tensor when more than one dim is dynamic). */
    static Tensor unsqueezeFront(Tensor x, int count) {
        if (count == 0) return x;
        int[] d = x.shape().dims();
        int dynamic = 0;
        for (int v : d) if (v == Shape.DYNAMIC) dynamic++;
        if (dynamic <= 1) {
            int[] target = new int[count + d.length];
            Arrays.fill(target, 0, count, 1);
            System.arraycopy(d, 0, target, count, d.length);
            return reshape(x, target);
        }
        return reshape(x, cat(List.of(shapeValues(filled(1, count)), shapeOf(x)), 0));
    }

    // ------------------------------------------------------------------ unary

    public static Tensor unary(Tensor x, UnaryOperation op) { return layer(op.name().toLowerCase(Locale.ROOT), new Op.Unary(op), x); }

    public static Tensor exp(Tensor x) { return unary(x, UnaryOperation.EXP); }

    public static Tensor log(Tensor x) { return unary(x, UnaryOperation.LOG); }

    public static Tensor sqrt(Tensor x) { return unary(x, UnaryOperation.SQRT); }

    public static Tensor abs(Tensor x) { return unary(x, UnaryOperation.ABS); }

    public static Tensor neg(Tensor x) { return unary(x, UnaryOperation.NEG); }

    public static Tensor reciprocal(Tensor x) { return unary(x, UnaryOperation.RECIP); }

    public static Tensor floor(Tensor x) { return unary(x, UnaryOperation.FLOOR); }

    public static Tensor ceil(Tensor x) { return unary(x, UnaryOperation.CEIL); }

    public static Tensor sin(Tensor x) { return unary(x, UnaryOperation.SIN); }

    public static Tensor cos(Tensor x) { return unary(x, UnaryOperation.COS); }

    public static Tensor erf(Tensor x) { return unary(x, UnaryOperation.ERF); }

    public static Tensor logicalNot(Tensor x) { return unary(x, UnaryOperation.NOT); }

    // ------------------------------------------------------------------ concat, slice, shuffle

    /** torch.cat(tensors, dim). */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new UserError(where() + ": cat of no tensors");
        return net().addLayer("cat", new Op.Concat(axis(dim, tensors.get(0).rank())), tensors).output(0);
    }

    /**
     * x[..., start:end:step, ...] along dim, Python semantics (negative start/end count from the end, clamped to the
     * dimension; end = Integer.MAX_VALUE for "to the end"); step > 0. A dynamic dim is sliced through shape tensors.
     */
    public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        int a = axis(dim, x.rank());
        if (step <= 0) throw new UserError(where() + ": slice step " + step + " must be positive");
        int n = x.dim(a);
        int[] starts = new int[x.rank()], strides = filled(1, x.rank());
        strides[a] = step;
        if (n != Shape.DYNAMIC) {
            int s = clampIndex(start, n), e = clampIndex(end, n);
            int[] sizes = x.shape().dims();
            sizes[a] = Math.max(0, (e - s + step - 1) / step);
            starts[a] = s;
            if (sizes[a] == 0) throw new UserError(where() + ": slice " + start + ":" + end + ":" + step + " of dim " + dim + " of " + x.shape() + " is empty");
            if (x.shape().isStatic()) return slice(x, starts, sizes, strides);
            Tensor sizeT = scatterShape(shapeOf(x), a, shapeValues(sizes[a]));
            return dynamicSlice(x, shapeValues(starts), sizeT, shapeValues(strides));
        }
        Tensor d = dimOf(x, a);
        Tensor s = clampIndex(start, d), e = clampIndex(end, d);
        Tensor len = max(floorDiv(add(sub(e, s), (double) (step - 1)), shapeValues(step)), shapeValues(0));
        return dynamicSlice(x, scatterShape(shapeValues(starts), a, s), scatterShape(shapeOf(x), a, len), shapeValues(strides));
    }

    private static int clampIndex(int i, int n) {
        long v = i < 0 ? (long) i + n : i;
        return (int) Math.max(0, Math.min(n, v));
    }

    private static Tensor clampIndex(int i, Tensor n) {
        if (i == Integer.MAX_VALUE) return n;
        Tensor v = i < 0 ? add(n, (double) i) : shapeValues(i);
        return max(min(v, n), shapeValues(0));
    }

    /** shape with element a replaced by the 1-element tensor value. */
    static Tensor scatterShape(Tensor shape, int a, Tensor value) {
        int r = shape.dim(0);
        List<Tensor> parts = new ArrayList<>();
        if (a > 0) parts.add(slice(shape, new int[]{0}, new int[]{a}, new int[]{1}));
        parts.add(value);
        if (a < r - 1) parts.add(slice(shape, new int[]{a + 1}, new int[]{r - a - 1}, new int[]{1}));
        return parts.size() == 1 ? parts.get(0) : cat(parts, 0);
    }

    /** torch.split(x, sizes, dim): consecutive pieces of the given sizes along dim (which must be static). */
    public static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        int a = axis(dim, x.rank());
        int total = 0;
        for (int s : sizes) total += s;
        if (x.dim(a) != Shape.DYNAMIC && total != x.dim(a))
            throw new UserError(where() + ": split sizes " + Arrays.toString(sizes) + " sum to " + total + ", dim " + dim + " of " + x.shape() + " is " + x.dim(a));
        List<Tensor> parts = new ArrayList<>();
        int start = 0;
        for (int s : sizes) {
            parts.add(slice(x, a, start, start + s, 1));
            start += s;
        }
        return parts;
    }

    /** torch.chunk(x, chunks, dim) for a static dim divisible by chunks. */
    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        int a = axis(dim, x.rank());
        int n = x.dim(a);
        if (n == Shape.DYNAMIC || n % chunks != 0)
            throw new UserError(where() + ": chunk needs dim " + dim + " of " + x.shape() + " static and divisible by " + chunks);
        return split(x, filled(n / chunks, chunks), a);
    }

    /** TensorRT slice with static start/size/stride per dim. */
    public static Tensor slice(Tensor x, int[] start, int[] size, int[] stride) {
        return layer("slice", new Op.Slice(start, size, stride), x);
    }

    /** TensorRT slice with start/size/stride from 1-D shape tensors. */
    public static Tensor dynamicSlice(Tensor x, Tensor start, Tensor size, Tensor stride) {
        return layer("slice", new Op.Slice(null, null, null), x, start, size, stride);
    }

    /** Reshape; -1 is inferred and (TensorRT convention) 0 copies the input dim at that index. */
    public static Tensor reshape(Tensor x, int... dims) {
        return layer("reshape", new Op.Shuffle(null, dims.clone(), false, null), x);
    }

    /** Reshape to the dims held by a 1-D shape tensor. */
    public static Tensor reshape(Tensor x, Tensor shape) {
        return layer("reshape", new Op.Shuffle(null, null, true, null), x, shape);
    }

    /** torch.permute. */
    public static Tensor permute(Tensor x, int... dims) {
        int[] p = new int[dims.length];
        for (int i = 0; i < dims.length; i++) p[i] = axis(dims[i], x.rank());
        return layer("permute", new Op.Shuffle(p, null, false, null), x);
    }

    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        int[] p = new int[x.rank()];
        for (int i = 0; i < p.length; i++) p[i] = i;
        int a = axis(dim0, x.rank()), b = axis(dim1, x.rank());
        p[a] = b;
        p[b] = a;
        return permute(x, p);
    }

    /** torch.flatten(x, startDim, endDim). */
    public static Tensor flatten(Tensor x, int startDim, int endDim) {
        int s = axis(startDim, x.rank()), e = axis(endDim, x.rank());
        int[] d = x.shape().dims();
        int[] target = new int[s + 1 + (d.length - e - 1)];
        int dynamic = 0;
        for (int i = 0; i < d.length; i++) if (d[i] == Shape.DYNAMIC && (i < s || i > e)) dynamic++;
        boolean spanDynamic = false;
        for (int i = s; i <= e; i++) spanDynamic |= d[i] == Shape.DYNAMIC;
        if (dynamic == 0 || (!spanDynamic && dynamic == 1) || e == d.length - 1) {
            for (int i = 0; i < s; i++) target[i] = d[i] == Shape.DYNAMIC ? 0 : d[i];
            long span = 1;
            for (int i = s; i <= e; i++) span *= d[i];
            target[s] = spanDynamic ? -1 : (int) span;
            for (int i = e + 1; i < d.length; i++) target[s + 1 + i - e - 1] = d[i] == Shape.DYNAMIC ? -1 : d[i];
            return reshape(x, target);
        }
        Tensor shape = shapeOf(x);
        List<Tensor> parts = new ArrayList<>();
        if (s > 0) parts.add(slice(shape, new int[]{0}, new int[]{s}, new int[]{1}));
        parts.add(reduce(slice(shape, new int[]{s}, new int[]{e - s + 1}, new int[]{1}), ReduceOperation.PROD, new int[]{0}, true));
        if (e < d.length - 1) parts.add(slice(shape, new int[]{e + 1}, new int[]{d.length - e - 1}, new int[]{1}));
        return reshape(x, cat(parts, 0));
    }

    public static Tensor unsqueeze(Tensor x, int dim) {
        int a = dim < 0 ? dim + x.rank() + 1 : dim;
        if (a < 0 || a > x.rank()) throw new UserError(where() + ": unsqueeze dim " + dim + " is out of range for rank " + x.rank());
        int[] source = new int[x.rank() + 1];
        for (int i = 0, j = 0; i < source.length; i++) source[i] = i == a ? -1 : j++;
        return reshapeFrom(x, source);
    }

    /** Removes dim (which must have size 1). */
    public static Tensor squeeze(Tensor x, int dim) {
        int a = axis(dim, x.rank());
        if (x.dim(a) != 1) throw new UserError(where() + ": squeeze dim " + dim + " of " + x.shape() + " is not 1");
        int[] source = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) if (i != a) source[j++] = i;
        return reshapeFrom(x, source);
    }

    /**
     * Reshape where output dim i is input dim source[i], or a new 1 where source[i] is -1 (unsqueeze/squeeze); a
     * static reshape when at most one kept dim is dynamic (it becomes -1), else through a shape tensor.
     */
    private static Tensor reshapeFrom(Tensor x, int[] source) {
        int[] target = new int[source.length];
        int dynamic = 0;
        for (int i = 0; i < source.length; i++) {
            target[i] = source[i] < 0 ? 1 : x.dim(source[i]);
            if (target[i] == Shape.DYNAMIC) dynamic++;
        }
        if (dynamic <= 1) return reshape(x, target);
        Tensor shape = shapeOf(x);
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < source.length; i++)
            parts.add(target[i] != Shape.DYNAMIC ? shapeValues(target[i]) : slice(shape, new int[]{source[i]}, new int[]{1}, new int[]{1}));
        return reshape(x, cat(parts, 0));
    }

    // ------------------------------------------------------------------ resize

    /**
     * torch.nn.functional.interpolate on NC... tensors: give size (spatial dims) or scaleFactor (per spatial dim).
     * mode: nearest (asymmetric, floor), nearest-exact (half-pixel, round half up), linear/bilinear/trilinear,
     * bicubic (coefficient -0.75); alignCorners applies to the linear and cubic modes.
     */
    public static Tensor interpolate(Tensor x, int[] size, float[] scaleFactor, String mode, boolean alignCorners) {
        if ((size == null) == (scaleFactor == null)) throw new UserError(where() + ": interpolate needs exactly one of size and scale factor");
        Op.Resize m = resizeMode(mode, alignCorners);
        int spatial = x.rank() - 2;
        if (scaleFactor != null) {
            if (scaleFactor.length != spatial) throw new UserError(where() + ": interpolate scale factor " + Arrays.toString(scaleFactor) + " needs " + spatial + " entries for " + x.shape());
            float[] scales = new float[x.rank()];
            scales[0] = scales[1] = 1f;
            System.arraycopy(scaleFactor, 0, scales, 2, spatial);
            return layer("resize", new Op.Resize(m.mode(), m.coordinateTransform(), m.nearestRounding(), m.cubicCoefficient(), scales, null), x);
        }
        if (size.length != spatial) throw new UserError(where() + ": interpolate size " + Arrays.toString(size) + " needs " + spatial + " entries for " + x.shape());
        if (x.dim(0) != Shape.DYNAMIC && x.dim(1) != Shape.DYNAMIC) {
            int[] out = new int[x.rank()];
            out[0] = x.dim(0);
            out[1] = x.dim(1);
            System.arraycopy(size, 0, out, 2, spatial);
            return layer("resize", new Op.Resize(m.mode(), m.coordinateTransform(), m.nearestRounding(), m.cubicCoefficient(), null, out), x);
        }
        Tensor shape = cat(List.of(slice(shapeOf(x), new int[]{0}, new int[]{2}, new int[]{1}), shapeValues(size)), 0);
        return layer("resize", m, x, shape);
    }

    /** PyTorch interpolate mode to TensorRT resize settings (neither scales nor output shape set). */
    private static Op.Resize resizeMode(String mode, boolean alignCorners) {
        CoordinateTransform linearTransform = alignCorners ? CoordinateTransform.ALIGN_CORNERS : CoordinateTransform.HALF_PIXEL;
        return switch (mode) {
            case "nearest" -> new Op.Resize(ResizeMode.NEAREST, CoordinateTransform.ASYMMETRIC, NearestRounding.FLOOR, -0.75f, null, null);
            case "nearest-exact" -> new Op.Resize(ResizeMode.NEAREST, CoordinateTransform.HALF_PIXEL, NearestRounding.HALF_UP, -0.75f, null, null);
            case "linear", "bilinear", "trilinear" -> new Op.Resize(ResizeMode.LINEAR, linearTransform, NearestRounding.FLOOR, -0.75f, null, null);
            case "bicubic" -> new Op.Resize(ResizeMode.CUBIC, linearTransform, NearestRounding.FLOOR, -0.75f, null, null);
            default -> throw new UserError(where() + ": interpolate mode '" + mode + "' is not one of nearest, nearest-exact, linear, bilinear, bicubic, trilinear");
        };
    }

    /**
     * interpolate to the spatial size of reference (e.g. FCN's upsampling to the input size); static when both
     * shapes are known, else through a shape tensor.
     */
    public static Tensor interpolateLike(Tensor x, Tensor reference, String mode, boolean alignCorners) {
        if (reference.rank() != x.rank()) throw new UserError(where() + ": interpolate reference " + reference.shape() + " has another rank than " + x.shape());
        boolean staticSize = true;
        int[] size = new int[x.rank() - 2];
        for (int i = 0; i < size.length; i++) {
            size[i] = reference.dim(i + 2);
            staticSize &= size[i] != Shape.DYNAMIC;
        }
        if (staticSize) return interpolate(x, size, null, mode, alignCorners);
        return interpolate(x, slice(shapeOf(reference), new int[]{2}, new int[]{size.length}, new int[]{1}), mode, alignCorners);
    }

    /**
     * interpolate to a spatial size known at run time: {@code size} is a 1-D integer shape tensor with one entry per
     * spatial dim (e.g. the input's H, W times a factor given as an engine input). Batch and channels are kept: the
     * output shape is [N, C] of x followed by size, given to TensorRT's resize as a shape tensor.
     */
    public static Tensor interpolate(Tensor x, Tensor size, String mode, boolean alignCorners) {
        int spatial = x.rank() - 2;
        if (spatial < 1) throw new UserError(where() + ": interpolate input " + x.shape() + " needs N, C and spatial dims");
        if (size.dtype().isFloating() || size.dtype() == DType.BOOL || size.rank() != 1 || size.dim(0) != spatial)
            throw new UserError(where() + ": interpolate size tensor " + size.dtype() + " " + size.shape() + " must be a 1-D integer tensor of "
                    + spatial + " entries for " + x.shape());
        Tensor spatialSize = size.dtype() == DType.INT64 ? size : cast(size, DType.INT64);
        Tensor shape = cat(List.of(slice(shapeOf(x), new int[]{0}, new int[]{2}, new int[]{1}), spatialSize), 0);
        return layer("resize", resizeMode(mode, alignCorners), x, shape);
    }

    /**
     * torch.arange along {@code dim}, broadcast to the shape held by {@code shape} (a 1-D INT64 shape tensor): element
     * [i0, i1, ...] is start + i_dim * step (TensorRT's fill layer, LINSPACE). With shapeOf-derived sizes mesh grids
     * follow dynamic sizes; dtype FLOAT or INT32.
     */
    public static Tensor arange(Tensor shape, int dim, double start, double step, DType dtype) {
        if (shape.rank() != 1 || shape.dim(0) == Shape.DYNAMIC)
            throw new UserError(where() + ": arange shape " + shape.shape() + " must be a 1-D shape tensor of static length");
        return layer("arange", new Op.Fill(axis(dim, shape.dim(0)), start, step, dtype), shape);
    }

    /** A TensorRT resize as given (op's scales or output shape). */
    public static Tensor resize(Tensor x, Op.Resize op) { return layer("resize", op, x); }

    /** A TensorRT resize to the shape held by a 1-D shape tensor (op has neither scales nor output shape). */
    public static Tensor resize(Tensor x, Op.Resize op, Tensor outputShape) { return layer("resize", op, x, outputShape); }

    // ------------------------------------------------------------------ matmul, softmax, reduce

    /** torch.matmul: 1-D operands are promoted and the added dim removed; batch dims broadcast. */
    public static Tensor matmul(Tensor a, Tensor b) { return matmul("matmul", a, b, false); }

    static Tensor matmul(String name, Tensor a, Tensor b, boolean transposeB) {
        boolean vecA = a.rank() == 1, vecB = b.rank() == 1;
        if (vecA) a = unsqueeze(a, 0);
        if (vecB) b = unsqueeze(b, transposeB ? 0 : 1);
        Tensor[] ab = broadcastRanks(a, b);
        Tensor y = layer(name, new Op.MatMul(false, transposeB), ab[0], ab[1]);
        if (vecB) y = squeeze(y, -1);
        if (vecA) y = squeeze(y, vecB ? -1 : -2);
        return y;
    }

    /** torch.nn.functional.linear: x [..., in] · weightᵀ [out, in] + bias [out]. */
    public static Tensor linear(Tensor x, Weights weight, Weights bias) { return linear("linear", x, weight, bias); }

    static Tensor linear(String name, Tensor x, Weights weight, Weights bias) {
        String prefix = name.isEmpty() ? "" : name + ".";
        int[] weightShape = filled(1, Math.max(2, x.rank()));
        weightShape[weightShape.length - 2] = weight.shape().dim(0);
        weightShape[weightShape.length - 1] = weight.shape().dim(1);
        Tensor w = layer(prefix + "weight", new Op.Constant(weight.reshaped(weightShape)));
        Tensor y = matmul(name, x, w, true);
        if (bias == null) return y;
        int[] biasShape = filled(1, y.rank());
        biasShape[biasShape.length - 1] = bias.count();
        Tensor b = layer(prefix + "bias", new Op.Constant(bias.reshaped(biasShape)));
        return layer(prefix + "add_bias", new Op.ElementWise(ElementWiseOperation.SUM), y, b);
    }

    public static Tensor softmax(Tensor x, int dim) { return layer("softmax", new Op.SoftMax(axis(dim, x.rank())), x); }

    public static Tensor reduce(Tensor x, ReduceOperation op, int[] dims, boolean keepDim) {
        int[] axes = new int[dims.length];
        for (int i = 0; i < dims.length; i++) axes[i] = axis(dims[i], x.rank());
        String name = switch (op) { case SUM -> "sum"; case AVG -> "mean"; case MAX -> "amax"; case MIN -> "amin"; case PROD -> "prod"; };
        return layer(name, new Op.Reduce(op, axes, keepDim), x);
    }

    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) { return reduce(x, ReduceOperation.SUM, dims, keepDim); }

    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) { return reduce(x, ReduceOperation.AVG, dims, keepDim); }

    public static Tensor amax(Tensor x, int[] dims, boolean keepDim) { return reduce(x, ReduceOperation.MAX, dims, keepDim); }

    public static Tensor amin(Tensor x, int[] dims, boolean keepDim) { return reduce(x, ReduceOperation.MIN, dims, keepDim); }

    public static Tensor prod(Tensor x, int[] dims, boolean keepDim) { return reduce(x, ReduceOperation.PROD, dims, keepDim); }

    // ------------------------------------------------------------------ gather, top-k

    /**
     * numpy take / torch.index_select generalised: out shape = x.shape[:dim] + indices.shape + x.shape[dim+1:]
     * (rank-0 indices drop the dim). Not torch.gather.
     */
    public static Tensor gather(Tensor x, int dim, Tensor indices) {
        return layer("gather", new Op.Gather(axis(dim, x.rank())), x, indices);
    }

    /** x.select(dim, index): removes dim. */
    public static Tensor select(Tensor x, int dim, int index) {
        int a = axis(dim, x.rank());
        int n = x.dim(a);
        int i = index < 0 && n != Shape.DYNAMIC ? index + n : index;
        return gather(x, a, constant(Weights.ofInts("index " + index, DType.INT32, new int[]{i})));
    }

    public record ValuesIndices(Tensor values, Tensor indices) {}

    /** torch.topk (sorted); indices are INT32. */
    public static ValuesIndices topk(Tensor x, int k, int dim, boolean largest) {
        var l = net().addLayer("topk", new Op.TopK(largest ? Op.TopKOperation.MAX : Op.TopKOperation.MIN, k, axis(dim, x.rank())), List.of(x));
        return new ValuesIndices(l.output(0), l.output(1));
    }

    // ------------------------------------------------------------------ constants, casts, shapes

    /** {@link Network#fullPrecision()} of the current network: try (var fp32 = F.fullPrecision()) { ... }. */
    public static Network.FullPrecisionScope fullPrecision() { return Network.current().fullPrecision(); }

    public static Tensor constant(Weights value) { return layer("constant", new Op.Constant(value), new Tensor[0]); }

    public static Tensor constant(float[] values, int... shape) { return constant(Weights.of("constant", values, shape)); }

    /** A 1-D INT64 tensor of values, for shape arithmetic with {@link #shapeOf}. */
    public static Tensor shapeValues(int... values) {
        return constant(Weights.ofInts("shape values " + Arrays.toString(values), DType.INT64, values, values.length));
    }

    public static Tensor cast(Tensor x, DType to) { return layer("cast", new Op.Cast(to), x); }

    public static Tensor identity(Tensor x) { return layer("identity", new Op.Identity(), x); }

    /** x's shape as a 1-D INT64 tensor (known at definition time when x's shape is static). */
    public static Tensor shapeOf(Tensor x) { return layer("shape", new Op.ShapeOf(DType.INT64), x); }

    /** x.shape[dim] as a 1-element INT64 tensor. */
    public static Tensor dimOf(Tensor x, int dim) {
        int a = axis(dim, x.rank());
        return slice(shapeOf(x), new int[]{a}, new int[]{1}, new int[]{1});
    }

    // ------------------------------------------------------------------ grid sample

    /**
     * {@code torch.nn.functional.grid_sample(x, grid, mode='bilinear', padding_mode='zeros', align_corners)} for 4-D x
     * as TensorRT's own IGridSampleLayer (the plugins module's PluginOps.gridSample is the plugin alternative).
     */
    public static Tensor gridSample(Tensor x, Tensor grid, boolean alignCorners) {
        return layer("grid_sample", new Op.GridSample(ResizeMode.LINEAR, alignCorners), x, grid);
    }

    // ------------------------------------------------------------------ plugins

    /** A plugin layer; returns its outputs. */
    public static List<Tensor> plugin(PluginSpec spec, Tensor... inputs) {
        return net().addLayer(spec.pluginName().toLowerCase(Locale.ROOT), new Op.Plugin(spec), List.of(inputs)).outputs();
    }
}
