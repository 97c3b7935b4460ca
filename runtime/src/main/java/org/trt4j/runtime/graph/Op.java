package org.trt4j.runtime.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.trt4j.runtime.graph.Shapes.*;

/**
 * What a layer computes: one record per TensorRT-like layer. Axes and parameters are stored normalized (non-negative
 * axes, full per-dimension arrays); the functional API {@code org.trt4j.runtime.nn.F} accepts PyTorch-style
 * arguments and normalizes them. {@link #infer} checks the inputs and gives the output types.
 */
public sealed interface Op {

    /** Output shapes/dtypes (and known values of small integer tensors); throws {@link ShapeError} without layer name. */
    List<TensorType> infer(List<Tensor> inputs);

    /** Calls the visitor's method for this op: every consumer handles every op, checked by the compiler. */
    <R> R accept(OpVisitor<R> visitor);

    /** The op name used in messages and tables: the record's simple name, e.g. "Convolution". */
    default String kind() { return getClass().getSimpleName(); }

    /** The weights this op refers to (kernel, bias, scale, constant values, ...). */
    default List<Weights> weights() { return List.of(); }

    default long parameterCount() {
        long n = 0;
        for (Weights w : weights()) n += w.count();
        return n;
    }

    // ---------------------------------------------------------------- enums, named as TensorRT names them

    enum ActivationType { RELU, SIGMOID, TANH, LEAKY_RELU, ELU, SELU, SOFTSIGN, SOFTPLUS, CLIP, HARD_SIGMOID, SCALED_TANH, THRESHOLDED_RELU, GELU_ERF, GELU_TANH }

    enum PoolingType { MAX, AVERAGE }

    enum ScaleMode { UNIFORM, CHANNEL, ELEMENTWISE }

    enum ElementWiseOperation {
        SUM, PROD, MAX, MIN, SUB, DIV, POW, FLOOR_DIV, AND, OR, XOR, EQUAL, GREATER, LESS;

        public boolean isComparison() { return this == EQUAL || this == GREATER || this == LESS; }

        public boolean isLogical() { return this == AND || this == OR || this == XOR; }
    }

    enum UnaryOperation {
        EXP, LOG, SQRT, RECIP, ABS, NEG, SIN, COS, TAN, SINH, COSH, ASIN, ACOS, ATAN, ASINH, ACOSH, ATANH, CEIL, FLOOR, ERF, NOT, SIGN, ROUND, ISINF, ISNAN
    }

    enum ReduceOperation { SUM, PROD, MAX, MIN, AVG }

    enum ResizeMode { NEAREST, LINEAR, CUBIC }

    enum CoordinateTransform { ALIGN_CORNERS, ASYMMETRIC, HALF_PIXEL }

    enum NearestRounding { HALF_UP, HALF_DOWN, FLOOR, CEIL }

    enum TopKOperation { MAX, MIN }

    /** F.pad modes; TensorRT: slice with FILL, REFLECT and CLAMP sample modes. */
    enum PadMode { CONSTANT, REFLECT, REPLICATE }

    // ---------------------------------------------------------------- ops

    /**
     * N-d convolution (2-D: NCHW, 3-D: NCDHW). kernel weights [out, in/groups, k...], bias [out] or null.
     * Padding may differ before and after each spatial dimension.
     */
    record Convolution(int outputChannels, int[] kernel, int[] stride, int[] padPre, int[] padPost, int[] dilation, int groups,
                       Weights kernelWeights, Weights bias) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.convolution(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Convolution", inputs, 1, 1);
            Tensor x = inputs.get(0);
            int n = kernel.length;
            rank("Convolution", x, n + 2, n == 2 ? "NCHW" : n == 3 ? "NCDHW" : null);
            floating("Convolution", x);
            checkWindow("Convolution", kernel, stride, padPre, padPost, dilation);
            if (groups <= 0 || outputChannels % groups != 0)
                throw new ShapeError("Convolution output channels " + outputChannels + " not divisible by groups " + groups);
            int c = x.dim(1);
            if (c != Shape.DYNAMIC && c % groups != 0)
                throw new ShapeError("Convolution input " + x.shape() + " has " + c + " channels, not divisible by groups " + groups);
            if (c == Shape.DYNAMIC) throw new ShapeError("Convolution input " + x.shape() + " needs a static channel dimension");
            long expected = (long) outputChannels * (c / groups) * product(kernel);
            if (kernelWeights.count() != expected)
                throw new ShapeError("Convolution weights " + kernelWeights + " have " + kernelWeights.count() + " values, expected "
                        + expected + " = " + outputChannels + "x" + (c / groups) + "x" + Shape.of(kernel) + " for input " + x.shape());
            if (bias != null && bias.count() != outputChannels)
                throw new ShapeError("Convolution bias " + bias + " has " + bias.count() + " values, expected " + outputChannels);
            int[] out = x.shape().dims();
            out[1] = outputChannels;
            for (int i = 0; i < n; i++)
                out[i + 2] = convOut("Convolution input " + x.shape(), i, out[i + 2], kernel[i], stride[i], padPre[i], padPost[i], dilation[i]);
            return List.of(TensorType.of(Shape.of(out), x.dtype()));
        }

        @Override public List<Weights> weights() { return bias == null ? List.of(kernelWeights) : List.of(kernelWeights, bias); }
    }

    /** N-d transposed convolution. kernel weights [in, out/groups, k...]; outputPadding adds to the end of each dim. */
    record Deconvolution(int outputChannels, int[] kernel, int[] stride, int[] padPre, int[] padPost, int[] outputPadding, int[] dilation,
                         int groups, Weights kernelWeights, Weights bias) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.deconvolution(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Deconvolution", inputs, 1, 1);
            Tensor x = inputs.get(0);
            int n = kernel.length;
            rank("Deconvolution", x, n + 2, n == 2 ? "NCHW" : n == 3 ? "NCDHW" : null);
            floating("Deconvolution", x);
            checkWindow("Deconvolution", kernel, stride, padPre, padPost, dilation);
            length("Deconvolution", "output padding", outputPadding, n);
            nonNegative("Deconvolution", "output padding", outputPadding);
            for (int i = 0; i < n; i++)
                if (outputPadding[i] >= Math.max(stride[i], dilation[i]))
                    throw new ShapeError("Deconvolution output padding " + Arrays.toString(outputPadding) + " must be smaller than stride or dilation");
            if (groups <= 0 || outputChannels % groups != 0)
                throw new ShapeError("Deconvolution output channels " + outputChannels + " not divisible by groups " + groups);
            int c = x.dim(1);
            if (c == Shape.DYNAMIC) throw new ShapeError("Deconvolution input " + x.shape() + " needs a static channel dimension");
            if (c % groups != 0) throw new ShapeError("Deconvolution input " + x.shape() + " has " + c + " channels, not divisible by groups " + groups);
            long expected = (long) c * (outputChannels / groups) * product(kernel);
            if (kernelWeights.count() != expected)
                throw new ShapeError("Deconvolution weights " + kernelWeights + " have " + kernelWeights.count() + " values, expected "
                        + expected + " = " + c + "x" + (outputChannels / groups) + "x" + Shape.of(kernel) + " for input " + x.shape());
            if (bias != null && bias.count() != outputChannels)
                throw new ShapeError("Deconvolution bias " + bias + " has " + bias.count() + " values, expected " + outputChannels);
            int[] out = x.shape().dims();
            out[1] = outputChannels;
            for (int i = 0; i < n; i++) {
                out[i + 2] = deconvOut(out[i + 2], kernel[i], stride[i], padPre[i], padPost[i], dilation[i], outputPadding[i]);
                if (out[i + 2] == 0 || out[i + 2] < Shape.DYNAMIC)
                    throw new ShapeError("Deconvolution input " + x.shape() + " gives an empty output in spatial dimension " + i);
            }
            return List.of(TensorType.of(Shape.of(out), x.dtype()));
        }

        @Override public List<Weights> weights() { return bias == null ? List.of(kernelWeights) : List.of(kernelWeights, bias); }
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        Arrays.fill(a, 1);
        return a;
    }

    private static void checkWindow(String op, int[] kernel, int[] stride, int[] padPre, int[] padPost, int[] dilation) {
        int n = kernel.length;
        if (n < 1 || n > 3) throw new ShapeError(op + " kernel " + Arrays.toString(kernel) + " must have 1 to 3 spatial dimensions");
        length(op, "stride", stride, n);
        length(op, "padding", padPre, n);
        length(op, "padding", padPost, n);
        length(op, "dilation", dilation, n);
        positive(op, "kernel", kernel);
        positive(op, "stride", stride);
        positive(op, "dilation", dilation);
        nonNegative(op, "padding", padPre);
        nonNegative(op, "padding", padPost);
    }

    /**
     * y = (x * scale + shift) ^ power, per tensor (UNIFORM), per channel along channelAxis (CHANNEL, batch-norm
     * folding) or per element of the dims from channelAxis on (ELEMENTWISE). Null weights mean scale 1, shift 0, power 1.
     */
    record Scale(ScaleMode mode, int channelAxis, Weights shift, Weights scale, Weights power) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.scale(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Scale", inputs, 1, 1);
            Tensor x = inputs.get(0);
            floating("Scale", x);
            checkAxis("Scale channel", channelAxis, x.rank(), x.shape());
            long expected;
            String what;
            switch (mode) {
                case UNIFORM -> { expected = 1; what = "1 (uniform)"; }
                case CHANNEL -> {
                    if (x.dim(channelAxis) == Shape.DYNAMIC) throw new ShapeError("Scale input " + x.shape() + " needs a static channel dimension " + channelAxis);
                    expected = x.dim(channelAxis);
                    what = expected + " (channels of " + x.shape() + ")";
                }
                default -> {
                    int[] d = Arrays.copyOfRange(x.shape().dims(), channelAxis, x.rank());
                    for (int v : d) if (v == Shape.DYNAMIC) throw new ShapeError("Scale ELEMENTWISE input " + x.shape() + " needs static dims from axis " + channelAxis);
                    expected = product(d);
                    what = expected + " (elements per sample of " + x.shape() + ")";
                }
            }
            for (Weights w : weights())
                if (w.count() != expected) throw new ShapeError("Scale " + mode + " weights " + w + " have " + w.count() + " values, expected " + what);
            return List.of(x.type().value() == null ? x.type() : TensorType.of(x.shape(), x.dtype()));
        }

        @Override public List<Weights> weights() {
            List<Weights> w = new ArrayList<>(3);
            if (shift != null) w.add(shift);
            if (scale != null) w.add(scale);
            if (power != null) w.add(power);
            return w;
        }
    }

    /** Activation functions with TensorRT's alpha/beta meaning (LEAKY_RELU alpha = slope; CLIP [alpha, beta]; HARD_SIGMOID max(0, min(1, alpha*x+beta))). */
    record Activation(ActivationType type, float alpha, float beta) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.activation(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Activation", inputs, 1, 1);
            floating("Activation " + type, inputs.get(0));
            return List.of(TensorType.of(inputs.get(0).shape(), inputs.get(0).dtype()));
        }
    }

    /**
     * N-d pooling over the last kernel.length dims. ceilMode rounds the output size up as PyTorch does (a window must
     * start inside the input or the leading padding); countIncludePad: padding counts in AVERAGE's divisor.
     */
    record Pooling(PoolingType type, int[] kernel, int[] stride, int[] padPre, int[] padPost, boolean ceilMode, boolean countIncludePad) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.pooling(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Pooling", inputs, 1, 1);
            Tensor x = inputs.get(0);
            int n = kernel.length;
            checkWindow("Pooling", kernel, stride, padPre, padPost, ones(n));
            if (x.rank() < n + 1) throw new ShapeError("Pooling input " + x.shape() + " has rank " + x.rank() + ", expected at least " + (n + 1) + " for a " + n + "-D kernel");
            floating("Pooling", x);
            for (int i = 0; i < n; i++)
                if (padPre[i] > kernel[i] / 2 || padPost[i] > kernel[i] / 2)
                    throw new ShapeError("Pooling padding " + Arrays.toString(padPre) + "/" + Arrays.toString(padPost) + " must be at most half the kernel " + Arrays.toString(kernel));
            int[] out = x.shape().dims();
            int off = x.rank() - n;
            for (int i = 0; i < n; i++) out[off + i] = poolOut(x.shape(), out[off + i], kernel[i], stride[i], padPre[i], padPost[i]);
            return List.of(TensorType.of(Shape.of(out), x.dtype()));
        }

        private int poolOut(Shape shape, int in, int k, int s, int pp, int pq) {
            if (in == Shape.DYNAMIC) return Shape.DYNAMIC;
            int span = in + pp + pq - k;
            if (span < 0) throw new ShapeError("Pooling input " + shape + " is smaller than the kernel " + Arrays.toString(kernel) + " (with padding)");
            int out = (ceilMode ? (span + s - 1) / s : span / s) + 1;
            if (ceilMode && (out - 1) * s >= in + pp) out--;
            return out;
        }
    }

    /**
     * Pads each dim by padPre before and padPost after (F.pad; negative values crop, CONSTANT only). REFLECT mirrors
     * without repeating the edge (padding < dim), REPLICATE repeats the edge.
     */
    record Pad(int[] padPre, int[] padPost, PadMode mode, float value) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.pad(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Pad", inputs, 1, 1);
            Tensor x = inputs.get(0);
            length("Pad", "padding", padPre, x.rank());
            length("Pad", "padding", padPost, x.rank());
            int[] out = x.shape().dims();
            for (int i = 0; i < out.length; i++) {
                if (mode != PadMode.CONSTANT && (padPre[i] < 0 || padPost[i] < 0))
                    throw new ShapeError("Pad " + mode + " padding " + Arrays.toString(padPre) + "/" + Arrays.toString(padPost) + " must not be negative");
                if (mode == PadMode.REFLECT && out[i] != Shape.DYNAMIC && (padPre[i] >= out[i] || padPost[i] >= out[i]))
                    throw new ShapeError("Pad REFLECT padding " + Arrays.toString(padPre) + "/" + Arrays.toString(padPost) + " must be smaller than input " + x.shape() + " in dim " + i);
                if (out[i] == Shape.DYNAMIC) continue;
                out[i] += padPre[i] + padPost[i];
                if (out[i] <= 0) throw new ShapeError("Pad crops input " + x.shape() + " to nothing in dim " + i);
            }
            return List.of(TensorType.of(Shape.of(out), x.dtype()));
        }
    }

    /** Binary elementwise op with broadcasting over equal ranks; comparisons give BOOL. */
    record ElementWise(ElementWiseOperation operation) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.elementWise(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            String op = "ElementWise " + operation;
            arity(op, inputs, 2, 2);
            Tensor a = inputs.get(0), b = inputs.get(1);
            sameDType(op, a, b);
            if (operation.isLogical() && a.dtype() != DType.BOOL) throw new ShapeError(op + " needs BOOL inputs, got " + a.dtype());
            if (!operation.isLogical() && a.dtype() == DType.BOOL && operation != ElementWiseOperation.EQUAL)
                throw new ShapeError(op + " does not take BOOL inputs");
            Shape out = broadcast(op, a.shape(), b.shape());
            DType dtype = operation.isComparison() ? DType.BOOL : a.dtype();
            return List.of(new TensorType(out, dtype, Folding.elementWise(operation, a, b, out)));
        }
    }

    record Unary(UnaryOperation operation) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.unary(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            String op = "Unary " + operation;
            arity(op, inputs, 1, 1);
            Tensor x = inputs.get(0);
            DType dtype = x.dtype();
            switch (operation) {
                case NOT -> { if (dtype != DType.BOOL) throw new ShapeError(op + " needs a BOOL input, got " + dtype); }
                case ISINF, ISNAN -> { floating(op, x); dtype = DType.BOOL; }
                case ABS, NEG, SIGN -> { if (dtype == DType.BOOL) throw new ShapeError(op + " does not take BOOL input"); }
                default -> floating(op, x);
            }
            return List.of(new TensorType(x.shape(), dtype, Folding.unary(operation, x)));
        }
    }

    record Concat(int axis) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.concat(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            if (inputs.isEmpty()) throw new ShapeError("Concat needs at least one input");
            Tensor first = inputs.get(0);
            checkAxis("Concat", axis, first.rank(), first.shape());
            int[] out = first.shape().dims();
            for (int i = 1; i < inputs.size(); i++) {
                Tensor t = inputs.get(i);
                sameDType("Concat", first, t);
                if (t.rank() != first.rank()) throw new ShapeError("Concat input " + i + " " + t.shape() + " has rank " + t.rank() + ", input 0 " + first.shape() + " has " + first.rank());
                for (int d = 0; d < out.length; d++) {
                    if (d == axis) {
                        out[d] = out[d] == Shape.DYNAMIC || t.dim(d) == Shape.DYNAMIC ? Shape.DYNAMIC : out[d] + t.dim(d);
                    } else if (out[d] != t.dim(d)) {
                        if (out[d] != Shape.DYNAMIC && t.dim(d) != Shape.DYNAMIC)
                            throw new ShapeError("Concat on axis " + axis + ": input " + i + " " + t.shape() + " differs from " + first.shape() + " in dimension " + d);
                        if (out[d] == Shape.DYNAMIC) out[d] = t.dim(d);
                    }
                }
            }
            return List.of(new TensorType(Shape.of(out), first.dtype(), Folding.concat(inputs, out)));
        }
    }

    /**
     * Strided slice. start/size/stride per dimension; a null array means that parameter comes from a 1-D shape tensor
     * input instead: inputs are [data, start?, size?, stride?] for the null ones, in that order.
     */
    record Slice(int[] start, int[] size, int[] stride) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.slice(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            int dynamic = (start == null ? 1 : 0) + (size == null ? 1 : 0) + (stride == null ? 1 : 0);
            arity("Slice", inputs, 1 + dynamic, 1 + dynamic);
            Tensor x = inputs.get(0);
            int r = x.rank();
            int next = 1;
            int[] st = start, sz = size, sd = stride;
            if (st == null) st = shapeInput("start", inputs.get(next++), r);
            if (sz == null) sz = shapeInput("size", inputs.get(next++), r);
            if (sd == null) sd = shapeInput("stride", inputs.get(next), r);
            for (int[] a : new int[][]{st, sz, sd}) if (a != null) length("Slice", "parameter", a, r);
            int[] out = new int[r];
            for (int i = 0; i < r; i++) {
                out[i] = sz == null || sz[i] == TensorType.UNKNOWN ? Shape.DYNAMIC : sz[i];
                if (out[i] < Shape.DYNAMIC) throw new ShapeError("Slice size " + Arrays.toString(sz) + " is negative");
                boolean known = st != null && sz != null && sd != null && st[i] != TensorType.UNKNOWN && sz[i] != TensorType.UNKNOWN && sd[i] != TensorType.UNKNOWN;
                if (known && x.dim(i) != Shape.DYNAMIC && sz[i] > 0) {
                    long last = st[i] + (long) (sz[i] - 1) * sd[i];
                    if (st[i] < 0 || st[i] >= x.dim(i) || last < 0 || last >= x.dim(i))
                        throw new ShapeError("Slice start " + Arrays.toString(st) + " size " + Arrays.toString(sz) + " stride " + Arrays.toString(sd)
                                + " reads outside input " + x.shape() + " in dimension " + i);
                }
            }
            return List.of(new TensorType(Shape.of(out), x.dtype(), Folding.slice(x, st, sz, sd, out)));
        }

        /** The known values of a shape-tensor parameter (null when only known at run time). */
        private static int[] shapeInput(String what, Tensor t, int rank) {
            int n = shapeTensorLength("Slice", what, t);
            if (n != rank) throw new ShapeError("Slice " + what + " tensor " + t.shape() + " has " + n + " entries, input rank is " + rank);
            return t.type().value();
        }
    }

    /**
     * Transpose, reshape, transpose (TensorRT's shuffle). firstTranspose/secondTranspose null = identity. reshape null
     * = none; in reshape, 0 copies the input dimension at that index and -1 is inferred. reshapeFromInput: the reshape
     * dims come from a 1-D shape tensor (input 1) instead, with the same 0/-1 rules.
     */
    record Shuffle(int[] firstTranspose, int[] reshape, boolean reshapeFromInput, int[] secondTranspose) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.shuffle(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Shuffle", inputs, reshapeFromInput ? 2 : 1, reshapeFromInput ? 2 : 1);
            if (reshapeFromInput && reshape != null) throw new ShapeError("Shuffle has both static reshape dims and a shape tensor input");
            Tensor x = inputs.get(0);
            int[] dims = x.shape().dims();
            if (firstTranspose != null) dims = permute(dims, firstTranspose, "Shuffle first transpose of " + x.shape());
            int[] target = reshape;
            if (reshapeFromInput) {
                Tensor s = inputs.get(1);
                int n = shapeTensorLength("Shuffle", "reshape dims", s);
                target = s.type().value();
                if (target == null) { target = new int[n]; Arrays.fill(target, TensorType.UNKNOWN); }
            }
            if (target != null) dims = reshapeDims(dims, target, x.shape());
            if (secondTranspose != null) dims = permute(dims, secondTranspose, "Shuffle second transpose of " + x.shape());
            int[] value = x.type().value() != null && firstTranspose == null && secondTranspose == null ? x.type().value() : null;
            return List.of(new TensorType(Shape.of(dims), x.dtype(), value));
        }

        private static int[] reshapeDims(int[] in, int[] target, Shape original) {
            int[] out = new int[target.length];
            int infer = -1;
            long known = 1;
            boolean allKnown = true;
            for (int i = 0; i < target.length; i++) {
                int t = target[i];
                if (t == TensorType.UNKNOWN) { out[i] = Shape.DYNAMIC; allKnown = false; continue; }
                if (t == 0) {
                    if (i >= in.length) throw new ShapeError("Shuffle reshape " + Arrays.toString(target) + ": 0 at index " + i + " copies a dimension that input " + original + " lacks");
                    t = in[i];
                } else if (t == -1) {
                    if (infer >= 0) throw new ShapeError("Shuffle reshape " + Arrays.toString(target) + " has more than one -1");
                    infer = i;
                    continue;
                } else if (t < -1) {
                    throw new ShapeError("Shuffle reshape " + Arrays.toString(target) + " has a negative dimension");
                }
                out[i] = t;
                if (t == Shape.DYNAMIC) allKnown = false; else known *= t;
            }
            boolean inStatic = true;
            long volume = 1;
            for (int d : in) { if (d == Shape.DYNAMIC) inStatic = false; else volume *= d; }
            if (infer >= 0) {
                if (inStatic && allKnown) {
                    if (known == 0 || volume % known != 0)
                        throw new ShapeError("Shuffle cannot reshape " + original + " (" + volume + " elements) to " + Arrays.toString(target));
                    out[infer] = (int) (volume / known);
                } else {
                    out[infer] = Shape.DYNAMIC;
                }
            } else if (inStatic && allKnown && volume != known) {
                throw new ShapeError("Shuffle cannot reshape " + original + " (" + volume + " elements) to " + Shape.of(out) + " (" + known + " elements)");
            }
            return out;
        }
    }

    /**
     * Resize of the trailing dims (all dims may be given; batch/channel scales are normally 1). The output size comes
     * from exactly one of: scales (floor(in*scale)), outputShape (static), or a 1-D shape tensor input (input 1).
     * cubicCoefficient is used by CUBIC (PyTorch: -0.75); nearestRounding by NEAREST.
     */
    record Resize(ResizeMode mode, CoordinateTransform coordinateTransform, NearestRounding nearestRounding, float cubicCoefficient,
                  float[] scales, int[] outputShape) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.resize(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            boolean fromInput = scales == null && outputShape == null;
            if (scales != null && outputShape != null) throw new ShapeError("Resize has both scales and an output shape");
            arity("Resize", inputs, fromInput ? 2 : 1, fromInput ? 2 : 1);
            Tensor x = inputs.get(0);
            floating("Resize", x);
            int r = x.rank();
            int spatial = (int) (mode == ResizeMode.NEAREST ? r : Math.min(r, 3));
            int[] out = x.shape().dims();
            if (scales != null) {
                if (scales.length != r) throw new ShapeError("Resize scales " + Arrays.toString(scales) + " have " + scales.length + " entries, input " + x.shape() + " has rank " + r);
                for (int i = 0; i < r; i++) {
                    if (!(scales[i] > 0)) throw new ShapeError("Resize scales " + Arrays.toString(scales) + " must be positive");
                    out[i] = out[i] == Shape.DYNAMIC ? Shape.DYNAMIC : (int) Math.floor(out[i] * (double) scales[i]);
                }
            } else if (outputShape != null) {
                if (outputShape.length != r) throw new ShapeError("Resize output shape " + Arrays.toString(outputShape) + " does not match input rank " + r + " of " + x.shape());
                out = outputShape.clone();
            } else {
                Tensor s = inputs.get(1);
                int n = shapeTensorLength("Resize", "output shape", s);
                if (n != r) throw new ShapeError("Resize output shape tensor " + s.shape() + " does not match input rank " + r + " of " + x.shape());
                int[] v = s.type().value();
                for (int i = 0; i < r; i++) out[i] = v == null || v[i] == TensorType.UNKNOWN ? Shape.DYNAMIC : v[i];
            }
            for (int i = 0; i < r; i++) {
                if (out[i] == 0 || out[i] < Shape.DYNAMIC) throw new ShapeError("Resize of " + x.shape() + " gives an empty output " + Arrays.toString(out));
                if (i < r - spatial && out[i] != x.dim(i) && mode != ResizeMode.NEAREST)
                    throw new ShapeError(mode + " Resize changes at most the last 3 dims; " + x.shape() + " -> " + Shape.of(out));
            }
            return List.of(TensorType.of(Shape.of(out), x.dtype()));
        }
    }

    /** Batched matrix product over the last two dims (equal ranks >= 2; batch dims broadcast); transposes per input. */
    record MatMul(boolean transposeA, boolean transposeB) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.matMul(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("MatMul", inputs, 2, 2);
            Tensor a = inputs.get(0), b = inputs.get(1);
            sameDType("MatMul", a, b);
            floating("MatMul", a);
            if (a.rank() < 2 || a.rank() != b.rank())
                throw new ShapeError("MatMul inputs " + a.shape() + " and " + b.shape() + " need equal ranks >= 2 (F.matmul reshapes vectors)");
            int r = a.rank();
            int m = a.dim(transposeA ? r - 1 : r - 2), ka = a.dim(transposeA ? r - 2 : r - 1);
            int kb = b.dim(transposeB ? r - 1 : r - 2), n = b.dim(transposeB ? r - 2 : r - 1);
            if (ka != kb && ka != Shape.DYNAMIC && kb != Shape.DYNAMIC)
                throw new ShapeError("MatMul inner dimensions differ: " + a.shape() + (transposeA ? "ᵀ" : "") + " x " + b.shape() + (transposeB ? "ᵀ" : "") + " (" + ka + " vs " + kb + ")");
            int[] batchA = Arrays.copyOf(a.shape().dims(), r - 2), batchB = Arrays.copyOf(b.shape().dims(), r - 2);
            int[] out = Arrays.copyOf(broadcast("MatMul batch", Shape.of(batchA), Shape.of(batchB)).dims(), r);
            out[r - 2] = m;
            out[r - 1] = n;
            return List.of(TensorType.of(Shape.of(out), a.dtype()));
        }
    }

    record SoftMax(int axis) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.softMax(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("SoftMax", inputs, 1, 1);
            Tensor x = inputs.get(0);
            floating("SoftMax", x);
            checkAxis("SoftMax", axis, x.rank(), x.shape());
            return List.of(TensorType.of(x.shape(), x.dtype()));
        }
    }

    /** Reduction over the given (distinct, normalized) axes. */
    record Reduce(ReduceOperation operation, int[] axes, boolean keepDims) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.reduce(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            String op = "Reduce " + operation;
            arity(op, inputs, 1, 1);
            Tensor x = inputs.get(0);
            if (x.dtype() == DType.BOOL) throw new ShapeError(op + " does not take BOOL input");
            if (axes.length == 0) throw new ShapeError(op + " needs at least one axis");
            boolean[] reduced = new boolean[x.rank()];
            for (int a : axes) {
                checkAxis(op, a, x.rank(), x.shape());
                if (reduced[a]) throw new ShapeError(op + " axes " + Arrays.toString(axes) + " repeat axis " + a);
                reduced[a] = true;
            }
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < x.rank(); i++) {
                if (!reduced[i]) out.add(x.dim(i));
                else if (keepDims) out.add(1);
            }
            Shape shape = Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
            return List.of(new TensorType(shape, x.dtype(), Folding.reduce(operation, x)));
        }
    }

    /** out = data[..., indices, ...] along axis: shape data[:axis] + indices.shape + data[axis+1:]. */
    record Gather(int axis) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.gather(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Gather", inputs, 2, 2);
            Tensor data = inputs.get(0), indices = inputs.get(1);
            checkAxis("Gather", axis, data.rank(), data.shape());
            integer("Gather", "indices", indices);
            int[] d = data.shape().dims(), idx = indices.shape().dims();
            int[] out = new int[d.length - 1 + idx.length];
            System.arraycopy(d, 0, out, 0, axis);
            System.arraycopy(idx, 0, out, axis, idx.length);
            System.arraycopy(d, axis + 1, out, axis + idx.length, d.length - axis - 1);
            return List.of(new TensorType(Shape.of(out), data.dtype(), Folding.gather(data, indices, axis, out)));
        }
    }

    /** The k largest (MAX) or smallest (MIN) along axis: outputs values and INT32 indices. */
    record TopK(TopKOperation operation, int k, int axis) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.topK(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("TopK", inputs, 1, 1);
            Tensor x = inputs.get(0);
            checkAxis("TopK", axis, x.rank(), x.shape());
            if (x.dtype() == DType.BOOL) throw new ShapeError("TopK does not take BOOL input");
            if (k <= 0 || (x.dim(axis) != Shape.DYNAMIC && k > x.dim(axis)))
                throw new ShapeError("TopK k=" + k + " is out of range for axis " + axis + " of " + x.shape());
            Shape out = x.shape().withDim(axis, k);
            return List.of(TensorType.of(out, x.dtype()), TensorType.of(out, DType.INT32));
        }
    }

    /** A tensor of fixed values. */
    record Constant(Weights value) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.constant(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Constant", inputs, 0, 0);
            int[] known = !value.dtype().isFloating() && value.count() <= Folding.MAX_KNOWN ? value.ints() : null;
            return List.of(new TensorType(value.shape(), value.dtype(), known));
        }

        @Override public List<Weights> weights() { return List.of(value); }
    }

    record Cast(DType to) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.cast(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Cast", inputs, 1, 1);
            Tensor x = inputs.get(0);
            int[] v = !to.isFloating() && to != DType.BOOL && !x.dtype().isFloating() ? x.type().value() : null;
            return List.of(new TensorType(x.shape(), to, v));
        }
    }

    record Identity() implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.identity(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Identity", inputs, 1, 1);
            return List.of(inputs.get(0).type());
        }
    }

    /**
     * TensorRT's IGridSampleLayer, zero padding (sample mode FILL): input N×C×H×W sampled at grid N×Hg×Wg×2 (x, y in
     * [-1, 1]) into N×C×Hg×Wg, as {@code torch.nn.functional.grid_sample(padding_mode='zeros')}; mode LINEAR or NEAREST.
     */
    record GridSample(ResizeMode mode, boolean alignCorners) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.gridSample(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("GridSample", inputs, 2, 2);
            Tensor x = inputs.get(0), grid = inputs.get(1);
            sameDType("GridSample", x, grid);
            floating("GridSample", x);
            if (mode == ResizeMode.CUBIC) throw new ShapeError("GridSample mode must be LINEAR or NEAREST, got CUBIC");
            boolean batchMismatch = x.rank() == 4 && grid.rank() == 4 && x.dim(0) != grid.dim(0)
                    && x.dim(0) != Shape.DYNAMIC && grid.dim(0) != Shape.DYNAMIC;
            if (x.rank() != 4 || grid.rank() != 4 || grid.dim(3) != 2 || batchMismatch)
                throw new ShapeError("GridSample needs input N x C x H x W and grid N x Hg x Wg x 2, got " + x.shape() + " and " + grid.shape());
            return List.of(TensorType.of(Shape.of(x.dim(0), x.dim(1), grid.dim(1), grid.dim(2)), x.dtype()));
        }
    }

    /** out = condition ? thenValue : elseValue, broadcasting all three (inputs: BOOL condition, then, else). */
    record Select() implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.select(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Select", inputs, 3, 3);
            if (inputs.get(0).dtype() != DType.BOOL) throw new ShapeError("Select condition must be BOOL, got " + inputs.get(0).dtype());
            sameDType("Select", inputs.get(1), inputs.get(2));
            return List.of(TensorType.of(broadcast("Select", inputs), inputs.get(1).dtype()));
        }
    }

    /** The input's shape as a 1-D INT64 (TensorRT's IShapeLayer) or INT32 tensor; known when the input shape is static. */
    record ShapeOf(DType dtype) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.shapeOf(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("ShapeOf", inputs, 1, 1);
            if (dtype != DType.INT32 && dtype != DType.INT64) throw new ShapeError("ShapeOf dtype must be INT32 or INT64, got " + dtype);
            Tensor x = inputs.get(0);
            int[] v = x.shape().dims();
            for (int i = 0; i < v.length; i++) if (v[i] == Shape.DYNAMIC) v[i] = TensorType.UNKNOWN;
            return List.of(new TensorType(Shape.of(x.rank()), dtype, v));
        }
    }

    /**
     * TensorRT's IFillLayer in LINSPACE mode along one axis: out[i0, i1, ...] = start + i_axis * delta, FLOAT or INT32,
     * with the output shape from a 1-D INT64 shape tensor (input 0), so mesh grids follow dynamic sizes.
     */
    record Fill(int axis, double start, double delta, DType dtype) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.fill(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            arity("Fill", inputs, 1, 1);
            Tensor shape = inputs.get(0);
            int rank = shapeTensorLength("Fill", "output shape", shape);
            if (shape.dtype() != DType.INT64) throw new ShapeError("Fill output shape must be an INT64 shape tensor, got " + shape.dtype());
            if (dtype != DType.FLOAT && dtype != DType.INT32) throw new ShapeError("Fill dtype must be FLOAT or INT32, got " + dtype);
            if (rank == 0) throw new ShapeError("Fill output shape " + shape.shape() + " is empty: the output needs a rank >= 1");
            checkAxis("Fill", axis, rank, Shape.of(rank));
            if (dtype == DType.INT32 && (start != Math.rint(start) || delta != Math.rint(delta)))
                throw new ShapeError("Fill INT32 start " + start + " and delta " + delta + " must be whole numbers");
            int[] v = shape.type().value();
            int[] out = new int[rank];
            for (int i = 0; i < rank; i++) {
                out[i] = v == null || v[i] == TensorType.UNKNOWN ? Shape.DYNAMIC : v[i];
                if (out[i] != Shape.DYNAMIC && out[i] <= 0) throw new ShapeError("Fill output shape " + Arrays.toString(v) + " has a dim <= 0");
            }
            return List.of(TensorType.of(Shape.of(out), dtype));
        }
    }

    /** A plugin layer: TensorRT runs the IPluginV3 the spec names, the CPU backend runs spec.runCpu. */
    record Plugin(PluginSpec spec) implements Op {
        @Override public <R> R accept(OpVisitor<R> visitor) { return visitor.plugin(this); }

        @Override public List<TensorType> infer(List<Tensor> inputs) {
            List<TensorType> out = spec.outputTypes(inputs);
            if (out == null || out.isEmpty()) throw new ShapeError("Plugin " + spec.pluginName() + " declares no outputs");
            return out;
        }

        @Override public String kind() { return "Plugin " + spec.pluginName(); }
    }
}
