package org.trt4j.runtime.cpu;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.error.UserError;
import org.trt4j.runtime.cpu.kernels.Activation;
import org.trt4j.runtime.cpu.kernels.ArrayPool;
import org.trt4j.runtime.cpu.kernels.Convolution;
import org.trt4j.runtime.cpu.kernels.ElementWise;
import org.trt4j.runtime.cpu.kernels.Fill;
import org.trt4j.runtime.cpu.kernels.GridSampling;
import org.trt4j.runtime.cpu.kernels.Indexing;
import org.trt4j.runtime.cpu.kernels.Layout;
import org.trt4j.runtime.cpu.kernels.MatMul;
import org.trt4j.runtime.cpu.kernels.Padding;
import org.trt4j.runtime.cpu.kernels.Pooling;
import org.trt4j.runtime.cpu.kernels.Reduction;
import org.trt4j.runtime.cpu.kernels.Resize;
import org.trt4j.runtime.cpu.kernels.Scale;
import org.trt4j.runtime.cpu.kernels.Unary;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.OpVisitor;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Network} on the CPU, layer by layer, with the reference kernels of
 * {@code org.trt4j.runtime.cpu.kernels}: the oracle for the TensorRT backend and the way to run or inspect any
 * network without a GPU. Weights are converted to host tensors once per backend instance (kept while the weights
 * live), so repeated runs do not copy them again. Thread-safe.
 */
public final class CpuBackend {
    private final Map<Weights, HostTensor> hostWeights = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private final Map<Weights, HostTensor> weightOverrides;

    public CpuBackend() { this(Map.of()); }

    /**
     * A backend that runs networks with these values in place of some of their weights (Weights compare by identity),
     * leaving the networks themselves untouched: {@code Int8Simulation}'s rounded weights.
     */
    public CpuBackend(Map<Weights, HostTensor> weightOverrides) {
        this.weightOverrides = new java.util.IdentityHashMap<>(weightOverrides);
    }

    /** The named outputs for the given named inputs (every network input must be given, with a fitting shape). */
    public Map<String, HostTensor> run(Network network, Map<String, HostTensor> inputs) {
        return run(network, inputs, null);
    }

    /** Sees each layer's input values just before the layer runs (calibration statistics) without keeping them all. */
    public interface LayerObserver {
        void beforeLayer(Layer layer, HostTensor[] inputs);
    }

    /** {@link #run(Network, Map)}, showing every layer's inputs to {@code observer} (null: none). */
    public Map<String, HostTensor> run(Network network, Map<String, HostTensor> inputs, LayerObserver observer) {
        Map<Tensor, HostTensor> values = execute(network, inputs, false, observer);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Tensor t : network.outputs()) out.put(t.name(), values.get(t));
        return out;
    }

    /** Every tensor's value (inputs, each layer's outputs, in definition order), for inspection and debugging. */
    public Map<Tensor, HostTensor> runAll(Network network, Map<String, HostTensor> inputs) {
        return execute(network, inputs, true, null);
    }

    private Map<Tensor, HostTensor> execute(Network network, Map<String, HostTensor> inputs, boolean keepAll, LayerObserver observer) {
        // missing or wrong-size weights were replaced by zeros so the definition could list them all: never run on those
        if (!network.weights().isComplete()) network.weights().check();
        Map<Tensor, HostTensor> values = keepAll ? new LinkedHashMap<>() : new IdentityHashMap<>();
        for (String name : inputs.keySet()) network.input(name);
        for (Tensor in : network.inputs()) {
            HostTensor v = inputs.get(in.name());
            if (v == null) throw new UserError("network " + network.name() + ": input '" + in.name() + "' (" + in.shape() + ") is not given");
            checkFits("input " + in.name(), in, v);
            values.put(in, v);
        }
        Map<Tensor, Integer> lastUse = keepAll ? Map.of() : lastUses(network);
        // the caller keeps its inputs (an earlier run's outputs, say a recurrent state): never recycled
        java.util.Set<float[]> callerArrays = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (HostTensor v : values.values()) if (v.floats() != null) callerArrays.add(v.floats());
        List<Layer> layers = network.layers();
        Map<String, Long> profile = PROFILE ? new LinkedHashMap<>() : null;
        // runAll shows every tensor, so only run() fuses
        Map<Layer, ConvolutionChain> chains = keepAll || !FUSE ? Map.of() : ConvolutionChain.find(network);
        // an observer sees each activation's input, so it gets the separate layers
        Map<Layer, ElementWiseChain> activatedSums = keepAll || !FUSE || observer != null ? Map.of() : ElementWiseChain.find(network);
        java.util.Set<Layer> fusedAway = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (ConvolutionChain c : chains.values()) fusedAway.addAll(c.fused());
        for (ElementWiseChain c : activatedSums.values()) fusedAway.add(c.activationLayer());
        for (Layer layer : layers) {
            if (fusedAway.contains(layer)) continue;
            HostTensor[] in = new HostTensor[layer.inputs().size()];
            for (int i = 0; i < in.length; i++) in[i] = values.get(layer.input(i));
            if (observer != null) observer.beforeLayer(layer, in);
            List<HostTensor> out;
            long t0 = PROFILE ? System.nanoTime() : 0;
            ConvolutionChain chain = chains.get(layer);
            ElementWiseChain sum = activatedSums.get(layer);
            try {
                out = chain != null ? List.of(convolution(chain, in[0])) : execute(layer.op(), in);
                if (sum != null) { // the element-wise kernel's output is a fresh array
                    Op.Activation a = sum.activation();
                    out = List.of(Activation.activateInPlace(out.get(0), Activation.Kind.valueOf(a.type().name()), a.alpha(), a.beta()));
                }
            } catch (UserError | ArithmeticException | IllegalArgumentException e) {
                throw new UserError(layer.name() + ": " + layer.op().kind() + " on " + Arrays.toString(in) + ": " + e.getMessage(), e);
            }
            if (PROFILE) profile.merge(chain != null ? chain.kind() : sum != null ? "ElementWise+Activation" : layer.op().kind(), System.nanoTime() - t0, Long::sum);
            if (out.size() != layer.outputs().size())
                throw new IllegalStateException(layer.name() + ": CPU backend produced " + out.size() + " outputs, expected " + layer.outputs().size());
            for (int i = 0; i < out.size(); i++) {
                Tensor t = chain != null ? chain.result() : sum != null ? sum.result() : layer.output(i);
                checkFits(layer.name() + " output " + i, t, out.get(i));
                values.put(t, out.get(i));
            }
            if (!keepAll) {
                for (Tensor t : layer.inputs()) {
                    Integer last = lastUse.get(t);
                    if (last != null && last == layer.index()) recycle(values.remove(t), values, callerArrays, observer);
                }
            }
        }
        if (PROFILE) printProfile(network, profile);
        return values;
    }

    /**
     * A dead tensor's array back to the kernels' pool, unless a live tensor shares it (a reshape or identity of it),
     * the caller handed it in, or an observer saw it (it may keep it). -Dtrt4j.cpu.pool=false keeps every array.
     */
    private static void recycle(HostTensor dead, Map<Tensor, HostTensor> live, java.util.Set<float[]> callerArrays, LayerObserver observer) {
        if (!POOL || observer != null || dead == null || callerArrays.contains(dead.floats()) || !ArrayPool.issued(dead.floats())) return;
        for (HostTensor v : live.values()) if (v.floats() == dead.floats()) return;
        ArrayPool.give(dead.floats());
    }

    private static final boolean POOL = !"false".equals(System.getProperty("trt4j.cpu.pool"));

    /** -Dtrt4j.cpu.fuse=false runs every Scale and Activation as its own pass (the unfused reference order). */
    private static final boolean FUSE = !"false".equals(System.getProperty("trt4j.cpu.fuse"));

    /** A convolution with its batch norm and activation applied as it writes its output. */
    private HostTensor convolution(ConvolutionChain chain, HostTensor x) {
        Op.Convolution c = chain.convolution();
        return Convolution.convolution(x, host(c.kernelWeights()), host(c.bias()), c.stride(), c.padPre(), c.padPost(), c.dilation(), c.groups(),
                chain.epilogue(this::floats));
    }

    /** -Dtrt4j.cpu.profile=true: after each run, the time spent per op kind on stderr. */
    private static final boolean PROFILE = Boolean.getBoolean("trt4j.cpu.profile");

    private static void printProfile(Network network, Map<String, Long> profile) {
        StringBuilder b = new StringBuilder("trt4j: CPU time per op kind in " + network.name() + ":");
        profile.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> b.append(String.format(" %s %.1f ms", e.getKey(), e.getValue() / 1e6)));
        long[] t = Convolution.TIMES;
        b.append(String.format("; OpenBLAS convolutions: im2col %.1f ms, GEMM %.1f ms, output %.1f ms; output allocation %.1f ms",
                t[0] / 1e6, t[1] / 1e6, t[2] / 1e6, Convolution.TIMES_ALLOC[0] / 1e6));
        java.util.Arrays.fill(t, 0);
        Convolution.TIMES_ALLOC[0] = 0;
        System.err.println(b);
    }

    /** For each tensor not an output: the index of the last layer reading it, so it can be dropped after. */
    private static Map<Tensor, Integer> lastUses(Network network) {
        Map<Tensor, Integer> last = new HashMap<>();
        for (Layer l : network.layers()) for (Tensor t : l.inputs()) last.put(t, l.index());
        for (Tensor t : network.outputs()) last.remove(t);
        return last;
    }

    private static void checkFits(String what, Tensor declared, HostTensor value) {
        Shape s = declared.shape();
        boolean fits = s.rank() == value.rank() && sameKind(declared.dtype(), value.dtype());
        for (int i = 0; fits && i < s.rank(); i++) fits = s.dim(i) == Shape.DYNAMIC || s.dim(i) == value.shape()[i];
        if (fits) return;
        String msg = what + ": got " + value.dtype() + " " + value.staticShape() + ", the network declares " + declared.dtype() + " " + s;
        if (declared.isNetworkInput()) throw new UserError(msg);
        throw new IllegalStateException("CPU backend disagrees with shape inference: " + msg);
    }

    private static boolean sameKind(DType a, DType b) {
        return a == b || (a.isFloating() && b.isFloating()) || (a == DType.INT64 && b == DType.INT32) || (a == DType.INT32 && b == DType.INT64);
    }

    /** Weights as host tensors; Weights compare by identity, so each is converted once per backend. */
    private HostTensor host(Weights w) {
        if (w == null) return null;
        HostTensor override = weightOverrides.get(w);
        return override != null ? override : hostWeights.computeIfAbsent(w, Weights::toHost);
    }

    private float[] floats(Weights w) { return w == null ? null : host(w).asFloats(); }

    private List<HostTensor> execute(Op op, HostTensor[] in) { return op.accept(new Kernels(in)); }

    /** The kernel call for each op, on one layer's input values. */
    private final class Kernels implements OpVisitor<List<HostTensor>> {
        private final HostTensor[] in;

        Kernels(HostTensor[] in) { this.in = in; }

        @Override public List<HostTensor> convolution(Op.Convolution c) {
            return List.of(Convolution.convolution(in[0], host(c.kernelWeights()), host(c.bias()), c.stride(), c.padPre(), c.padPost(), c.dilation(), c.groups()));
        }

        @Override public List<HostTensor> deconvolution(Op.Deconvolution d) { return List.of(CpuBackend.this.deconvolution(d, in[0])); }

        @Override public List<HostTensor> scale(Op.Scale s) {
            return List.of(Scale.scale(in[0], Scale.Mode.valueOf(s.mode().name()), s.channelAxis(), floats(s.shift()), floats(s.scale()), floats(s.power())));
        }

        @Override public List<HostTensor> activation(Op.Activation a) {
            return List.of(Activation.activation(in[0], Activation.Kind.valueOf(a.type().name()), a.alpha(), a.beta()));
        }

        @Override public List<HostTensor> pooling(Op.Pooling p) {
            return List.of(Pooling.pool(in[0], Pooling.Kind.valueOf(p.type().name()), p.kernel(), p.stride(), p.padPre(), p.padPost(), p.ceilMode(), p.countIncludePad()));
        }

        @Override public List<HostTensor> pad(Op.Pad p) {
            return List.of(Padding.pad(in[0], p.padPre(), p.padPost(), Padding.Mode.valueOf(p.mode().name()), p.value()));
        }

        @Override public List<HostTensor> elementWise(Op.ElementWise e) {
            return List.of(ElementWise.elementWise(in[0], in[1], ElementWise.Kind.valueOf(e.operation().name())));
        }

        @Override public List<HostTensor> unary(Op.Unary u) { return List.of(Unary.unary(in[0], Unary.Kind.valueOf(u.operation().name()))); }

        @Override public List<HostTensor> concat(Op.Concat c) { return List.of(Layout.concat(c.axis(), in)); }

        @Override public List<HostTensor> slice(Op.Slice s) { return List.of(CpuBackend.slice(s, in)); }

        @Override public List<HostTensor> shuffle(Op.Shuffle s) { return List.of(CpuBackend.shuffle(s, in)); }

        @Override public List<HostTensor> resize(Op.Resize r) { return List.of(CpuBackend.resize(r, in)); }

        @Override public List<HostTensor> matMul(Op.MatMul m) { return List.of(MatMul.matMul(in[0], in[1], m.transposeA(), m.transposeB())); }

        @Override public List<HostTensor> softMax(Op.SoftMax s) { return List.of(Reduction.softmax(in[0], s.axis())); }

        @Override public List<HostTensor> reduce(Op.Reduce r) { return List.of(CpuBackend.reduce(r, in[0])); }

        @Override public List<HostTensor> gather(Op.Gather g) { return List.of(Indexing.gather(in[0], in[1], g.axis())); }

        @Override public List<HostTensor> topK(Op.TopK t) { return CpuBackend.topK(t, in[0]); }

        @Override public List<HostTensor> constant(Op.Constant c) { return List.of(host(c.value())); }

        @Override public List<HostTensor> cast(Op.Cast c) { return List.of(Indexing.cast(in[0], c.to())); }

        @Override public List<HostTensor> identity(Op.Identity i) { return List.of(in[0]); }

        @Override public List<HostTensor> select(Op.Select s) { return List.of(ElementWise.select(in[0], in[1], in[2])); }

        @Override public List<HostTensor> gridSample(Op.GridSample g) {
            return List.of(GridSampling.apply(in[0], in[1], g.mode() == Op.ResizeMode.NEAREST, g.alignCorners()));
        }

        @Override public List<HostTensor> shapeOf(Op.ShapeOf s) {
            return List.of(new HostTensor(s.dtype(), new int[]{in[0].rank()}, null, in[0].shape().clone()));
        }

        @Override public List<HostTensor> fill(Op.Fill f) { return List.of(Fill.linspace(in[0].ints(), f.axis(), f.start(), f.delta(), f.dtype())); }

        @Override public List<HostTensor> plugin(Op.Plugin p) { return p.spec().runCpu(List.of(in)); }
    }

    /** The kernel takes symmetric padding; asymmetric padding is the unpadded result cropped. */
    private HostTensor deconvolution(Op.Deconvolution d, HostTensor x) {
        HostTensor w = host(d.kernelWeights()), b = host(d.bias());
        if (Arrays.equals(d.padPre(), d.padPost()))
            return Convolution.deconvolution(x, w, b, d.stride(), d.padPre(), d.outputPadding(), d.dilation(), d.groups());
        int n = d.kernel().length;
        HostTensor full = Convolution.deconvolution(x, w, b, d.stride(), new int[n], d.outputPadding(), d.dilation(), d.groups());
        int[] start = new int[n + 2], size = full.shape().clone(), stride = new int[n + 2];
        Arrays.fill(stride, 1);
        for (int i = 0; i < n; i++) {
            start[i + 2] = d.padPre()[i];
            size[i + 2] -= d.padPre()[i] + d.padPost()[i];
        }
        return Layout.slice(full, start, size, stride);
    }

    private static HostTensor slice(Op.Slice s, HostTensor[] in) {
        int next = 1;
        int[] start = s.start() != null ? s.start() : in[next++].ints();
        int[] size = s.size() != null ? s.size() : in[next++].ints();
        int[] stride = s.stride() != null ? s.stride() : in[next].ints();
        return Layout.slice(in[0], start, size, stride);
    }

    private static HostTensor shuffle(Op.Shuffle s, HostTensor[] in) {
        HostTensor x = in[0];
        if (s.firstTranspose() != null) x = Layout.transpose(x, s.firstTranspose());
        int[] target = s.reshapeFromInput() ? in[1].ints() : s.reshape();
        if (target != null) {
            int[] dims = target.clone();
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] != 0) continue;
                if (i >= x.rank()) throw new UserError("reshape " + Arrays.toString(target) + ": 0 at index " + i + " copies a dim " + x + " lacks");
                dims[i] = x.shape()[i];
            }
            x = Layout.reshape(x, dims);
        }
        if (s.secondTranspose() != null) x = Layout.transpose(x, s.secondTranspose());
        return x;
    }

    private static HostTensor resize(Op.Resize r, HostTensor[] in) {
        HostTensor x = in[0];
        int[] out;
        double[] scales = null;
        if (r.scales() != null) {
            out = new int[x.rank()];
            scales = new double[x.rank()];
            for (int i = 0; i < out.length; i++) {
                scales[i] = r.scales()[i];
                out[i] = (int) Math.floor(x.shape()[i] * scales[i]);
            }
        } else {
            out = r.outputShape() != null ? r.outputShape() : in[1].ints();
        }
        return Resize.resize(x, out, scales, Resize.Mode.valueOf(r.mode().name()),
                Resize.CoordinateTransform.valueOf(r.coordinateTransform().name()), Resize.NearestRounding.valueOf(r.nearestRounding().name()),
                r.cubicCoefficient());
    }

    /** The kernel reduces floats; integer (shape) tensors are reduced exactly through float for small values. */
    private static HostTensor reduce(Op.Reduce r, HostTensor x) {
        Reduction.Kind kind = Reduction.Kind.valueOf(r.operation().name());
        if (x.dtype().isFloating()) return Reduction.reduce(x, kind, r.axes(), r.keepDims());
        HostTensor y = Reduction.reduce(Indexing.cast(x, DType.FLOAT), kind, r.axes(), r.keepDims());
        for (float v : y.floats())
            if (Math.abs(v) > (1 << 24)) throw new ArithmeticException("integer reduction result " + v + " exceeds exact float range");
        return Indexing.cast(y, x.dtype());
    }

    private static List<HostTensor> topK(Op.TopK t, HostTensor x) {
        HostTensor[] r = Reduction.topK(x, t.k(), t.axis(), t.operation() == Op.TopKOperation.MAX);
        return List.of(r[0], r[1]);
    }
}
