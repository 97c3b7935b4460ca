package org.trt4j.runtime.cli;

import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.OpVisitor;
import org.trt4j.runtime.graph.Shape;

import java.util.Arrays;

/** One-line attribute summaries of ops for layer tables ("3x3 s2 p1", "LEAKY_RELU 0.1", ...). */
final class OpSummary {
    private OpSummary() {}

    static String of(Op op) { return op.accept(SUMMARY); }

    private static final OpVisitor<String> SUMMARY = new OpVisitor<>() {
        @Override public String convolution(Op.Convolution c) {
            return window(c.kernel(), c.stride(), c.padPre(), c.padPost()) + dilation(c.dilation()) + (c.groups() > 1 ? " g" + c.groups() : "") + (c.bias() != null ? " +bias" : "");
        }

        @Override public String deconvolution(Op.Deconvolution d) {
            return window(d.kernel(), d.stride(), d.padPre(), d.padPost()) + dilation(d.dilation()) + (d.groups() > 1 ? " g" + d.groups() : "")
                    + (Arrays.stream(d.outputPadding()).anyMatch(v -> v != 0) ? " outpad " + Shape.of(d.outputPadding()) : "") + (d.bias() != null ? " +bias" : "");
        }

        @Override public String pooling(Op.Pooling p) {
            return p.type() + " " + window(p.kernel(), p.stride(), p.padPre(), p.padPost()) + (p.ceilMode() ? " ceil" : "")
                    + (p.type() == Op.PoolingType.AVERAGE && !p.countIncludePad() ? " exclude-pad" : "");
        }

        @Override public String scale(Op.Scale s) { return s.mode() + " axis " + s.channelAxis(); }

        @Override public String activation(Op.Activation a) {
            return switch (a.type()) {
                case LEAKY_RELU, ELU, THRESHOLDED_RELU -> a.type() + " " + a.alpha();
                case CLIP, HARD_SIGMOID, SCALED_TANH, SELU, SOFTPLUS -> a.type() + " " + a.alpha() + " " + a.beta();
                default -> a.type().toString();
            };
        }

        @Override public String pad(Op.Pad p) {
            return p.mode() + " " + Arrays.toString(p.padPre()) + "/" + Arrays.toString(p.padPost()) + (p.mode() == Op.PadMode.CONSTANT && p.value() != 0 ? " value " + p.value() : "");
        }

        @Override public String elementWise(Op.ElementWise e) { return e.operation().toString(); }

        @Override public String unary(Op.Unary u) { return u.operation().toString(); }

        @Override public String concat(Op.Concat c) { return "axis " + c.axis(); }

        @Override public String slice(Op.Slice s) { return "start " + dims(s.start()) + " size " + dims(s.size()) + " stride " + dims(s.stride()); }

        @Override public String shuffle(Op.Shuffle s) {
            StringBuilder b = new StringBuilder();
            if (s.firstTranspose() != null) b.append("perm ").append(Arrays.toString(s.firstTranspose())).append(' ');
            if (s.reshape() != null) b.append("reshape ").append(Arrays.toString(s.reshape())).append(' ');
            if (s.reshapeFromInput()) b.append("reshape (tensor) ");
            if (s.secondTranspose() != null) b.append("perm ").append(Arrays.toString(s.secondTranspose()));
            return b.toString().trim();
        }

        @Override public String resize(Op.Resize r) {
            String size = r.scales() != null ? "scales " + Arrays.toString(r.scales()) : r.outputShape() != null ? "to " + Shape.of(r.outputShape()) : "to (tensor)";
            String mode = r.mode() == Op.ResizeMode.NEAREST ? "NEAREST " + r.nearestRounding() : r.mode() == Op.ResizeMode.CUBIC ? "CUBIC " + r.cubicCoefficient() : r.mode().toString();
            return mode + " " + r.coordinateTransform() + " " + size;
        }

        @Override public String matMul(Op.MatMul m) { return (m.transposeA() ? "Aᵀ" : "A") + " x " + (m.transposeB() ? "Bᵀ" : "B"); }

        @Override public String softMax(Op.SoftMax s) { return "axis " + s.axis(); }

        @Override public String reduce(Op.Reduce r) { return r.operation() + " axes " + Arrays.toString(r.axes()) + (r.keepDims() ? " keepdims" : ""); }

        @Override public String gather(Op.Gather g) { return "axis " + g.axis(); }

        @Override public String topK(Op.TopK t) { return t.operation() + " k=" + t.k() + " axis " + t.axis(); }

        @Override public String constant(Op.Constant c) { return c.value().dtype() + " " + c.value().shape(); }

        @Override public String cast(Op.Cast c) { return "to " + c.to(); }

        @Override public String identity(Op.Identity i) { return ""; }

        @Override public String select(Op.Select s) { return ""; }

        @Override public String gridSample(Op.GridSample g) { return g.mode() + " zeros align_corners=" + g.alignCorners(); }

        @Override public String shapeOf(Op.ShapeOf s) { return s.dtype().toString(); }

        @Override public String fill(Op.Fill f) { return f.dtype() + " axis " + f.axis() + " start " + f.start() + " delta " + f.delta(); }

        @Override public String plugin(Op.Plugin p) {
            return p.spec().pluginName() + " v" + p.spec().pluginVersion() + (p.spec().pluginNamespace().isEmpty() ? "" : " ns " + p.spec().pluginNamespace());
        }
    };

    private static String window(int[] k, int[] s, int[] pre, int[] post) {
        String p = Arrays.equals(pre, post) ? dims(pre) : dims(pre) + "/" + dims(post);
        return Shape.of(k) + " s" + dims(s) + " p" + p;
    }

    private static String dilation(int[] d) { return Arrays.stream(d).allMatch(v -> v == 1) ? "" : " d" + dims(d); }

    /** "2" when all entries equal, else "2x1"; "(tensor)" for null. */
    private static String dims(int[] v) {
        if (v == null) return "(tensor)";
        if (v.length > 0 && Arrays.stream(v).allMatch(x -> x == v[0])) return String.valueOf(v[0]);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? "x" : "").append(v[i]);
        return b.toString();
    }
}
