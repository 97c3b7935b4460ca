package org.trt4j.runtime.graph;

import org.trt4j.error.UserError;
import org.trt4j.weights.WeightMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network definition: declared inputs, layers in definition (topological) order and named outputs. Backends (CPU
 * interpreter, TensorRT) read it; nothing here touches TensorRT.
 *
 * <p>The functional API ({@code F.conv2d}, ...) writes to {@link #current()}, opened with
 * {@code try (var scope = network.makeCurrent()) {...}}; modules open name scopes so layers get dotted names.
 */
public final class Network {
    private static final ThreadLocal<Network> CURRENT = new ThreadLocal<>();

    private final String name;
    private final WeightBinding weights;
    private final List<Tensor> inputs = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Tensor> outputs = new LinkedHashMap<>();
    private final Map<String, Layer> layersByName = new HashMap<>();
    private final Map<String, Tensor> tensorsByName = new HashMap<>();
    private final Deque<String> scopes = new ArrayDeque<>();
    private int fullPrecisionDepth;

    public Network(String name) { this(name, WeightMap.builder("no weights").build()); }

    public Network(String name, WeightMap weights) {
        this.name = name;
        this.weights = new WeightBinding(weights);
    }

    public String name() { return name; }

    /** The network the functional API writes to on this thread. */
    public static Network current() {
        Network n = CURRENT.get();
        if (n == null)
            throw new IllegalStateException("no current network: define layers inside try (var scope = network.makeCurrent()) { ... }");
        return n;
    }

    /** Makes this the current network of this thread until the returned scope is closed (scopes nest). */
    public CurrentScope makeCurrent() {
        Network previous = CURRENT.get();
        CURRENT.set(this);
        return new CurrentScope(previous);
    }

    public static final class CurrentScope implements AutoCloseable {
        private final Network previous;

        private CurrentScope(Network previous) { this.previous = previous; }

        @Override public void close() {
            if (previous == null) CURRENT.remove(); else CURRENT.set(previous);
        }
    }

    /** The module path new layers are named under ("" at top level). */
    public String scopePath() { return scopes.isEmpty() ? "" : scopes.peek(); }

    /** Names new layers under the absolute dotted path until the returned scope is closed (modules use this). */
    public NameScope enterScope(String absolutePath) {
        scopes.push(absolutePath);
        return new NameScope(this);
    }

    public static final class NameScope implements AutoCloseable {
        private final Network network;

        private NameScope(Network network) { this.network = network; }

        @Override public void close() { network.scopes.pop(); }
    }

    /**
     * Marks the layers added until the returned scope is closed as full precision: in an FP16 or INT8 engine TensorRT
     * is asked to compute them and their float outputs in FP32 (coordinates and geometry, whose values FP16 would
     * round too coarsely). The CPU backend computes everything in FP32 anyway. Scopes nest.
     */
    public FullPrecisionScope fullPrecision() {
        fullPrecisionDepth++;
        return new FullPrecisionScope(this);
    }

    public static final class FullPrecisionScope implements AutoCloseable {
        private final Network network;

        private FullPrecisionScope(Network network) { this.network = network; }

        @Override public void close() { network.fullPrecisionDepth--; }
    }

    public WeightBinding weights() { return weights; }

    /** Declares an input; dims of {@link Shape#DYNAMIC} are set per inference (optimization profile in TensorRT). */
    public Tensor addInput(String inputName, DType dtype, Shape shape) {
        if (tensorsByName.containsKey(inputName)) throw new UserError("network " + name + ": tensor name '" + inputName + "' is already used");
        Tensor t = new Tensor(this, inputName, TensorType.of(shape, dtype), null, -1);
        inputs.add(t);
        tensorsByName.put(inputName, t);
        return t;
    }

    public List<Tensor> inputs() { return Collections.unmodifiableList(inputs); }

    public Tensor input(String inputName) {
        for (Tensor t : inputs) if (t.name().equals(inputName)) return t;
        throw new UserError("network " + name + " has no input '" + inputName + "'; inputs: " + inputs.stream().map(Tensor::name).toList());
    }

    /**
     * Adds a layer named {@code localName} under the current scope (null or "" = the scope path itself, e.g. a Conv2d
     * module's own layer); a taken name gets a suffix _1, _2, .... Infers the output types now: a bad shape throws
     * {@link ShapeError} naming the layer, the op and the shapes.
     */
    public Layer addLayer(String localName, Op op, List<Tensor> layerInputs) {
        String base = qualify(localName, op);
        String layerName = base;
        for (int i = 1; layersByName.containsKey(layerName) || tensorsByName.containsKey(layerName); i++) layerName = base + "_" + i;
        for (int i = 0; i < layerInputs.size(); i++) {
            Tensor t = layerInputs.get(i);
            if (t == null) throw new ShapeError(layerName + ": " + op.kind() + " input " + i + " is null");
            if (t.network() != this)
                throw new ShapeError(layerName + ": " + op.kind() + " input " + t.name() + " belongs to network " + t.network().name() + ", not " + name);
        }
        List<TensorType> types;
        try {
            types = op.infer(layerInputs);
        } catch (ShapeError e) {
            throw new ShapeError(layerName + ": " + e.getMessage());
        }
        Layer layer = new Layer(layerName, op, layerInputs, layers.size(), fullPrecisionDepth > 0);
        List<Tensor> outs = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            String tensorName = i == 0 ? layerName : layerName + ":" + i;
            Tensor t = new Tensor(this, tensorName, types.get(i), layer, i);
            outs.add(t);
            tensorsByName.put(tensorName, t);
        }
        layer.setOutputs(outs);
        layers.add(layer);
        layersByName.put(layerName, layer);
        return layer;
    }

    /** {@link #addLayer} for single-output ops: returns output 0. */
    public Tensor add(String localName, Op op, Tensor... layerInputs) {
        return addLayer(localName, op, List.of(layerInputs)).output(0);
    }

    private String qualify(String localName, Op op) {
        String scope = scopePath();
        if (localName == null || localName.isEmpty()) {
            if (!scope.isEmpty()) return scope;
            localName = op.kind().toLowerCase(java.util.Locale.ROOT);
        }
        return scope.isEmpty() ? localName : scope + "." + localName;
    }

    public List<Layer> layers() { return Collections.unmodifiableList(layers); }

    public Layer layer(String layerName) {
        Layer l = layersByName.get(layerName);
        if (l == null) throw new UserError("network " + name + " has no layer '" + layerName + "'");
        return l;
    }

    /**
     * Marks t as the network output named outputName (the tensor takes that name). A tensor that is a network input
     * or already an output is first copied by an Identity layer, as TensorRT needs distinct output tensors.
     */
    public void markOutput(String outputName, Tensor t) {
        if (t.network() != this) throw new UserError("output " + outputName + ": tensor " + t.name() + " belongs to network " + t.network().name());
        if (outputs.containsKey(outputName)) throw new UserError("network " + name + ": output '" + outputName + "' is marked twice");
        if (t.isNetworkInput() || outputs.containsValue(t)) t = add(outputName + ".copy", new Op.Identity(), t);
        Tensor holder = tensorsByName.get(outputName);
        if (holder != null && holder != t)
            throw new UserError("network " + name + ": output name '" + outputName + "' is already the name of tensor of layer "
                    + (holder.producer() == null ? "(input)" : holder.producer().name()));
        tensorsByName.remove(t.name());
        t.rename(outputName);
        tensorsByName.put(outputName, t);
        outputs.put(outputName, t);
    }

    /** Outputs in marking order; each tensor's name is its output name. */
    public List<Tensor> outputs() { return List.copyOf(outputs.values()); }

    public Tensor output(String outputName) {
        Tensor t = outputs.get(outputName);
        if (t == null) throw new UserError("network " + name + " has no output '" + outputName + "'; outputs: " + outputs.keySet());
        return t;
    }

    /** Total weight elements referenced by the layers. */
    public long parameterCount() {
        long n = 0;
        for (Layer l : layers) n += l.op().parameterCount();
        return n;
    }

    @Override public String toString() { return "Network " + name + " (" + layers.size() + " layers)"; }
}
