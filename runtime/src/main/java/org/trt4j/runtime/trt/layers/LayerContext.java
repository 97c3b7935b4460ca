package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.global.nvinfer.ElementWiseOperation;
import org.bytedeco.tensorrt.global.nvinfer.SampleMode;
import org.bytedeco.tensorrt.nvinfer.IConcatenationLayer;
import org.bytedeco.tensorrt.nvinfer.ILayer;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IShuffleLayer;
import org.bytedeco.tensorrt.nvinfer.ISliceLayer;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvinfer.Weights;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.trt.TrtKeepAlive;
import org.trt4j.runtime.trt.TrtLogger;
import org.trt4j.runtime.trt.TrtTypes;

import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * What an op translation needs while it adds the TensorRT layers of one IR layer: its inputs as TensorRT tensors,
 * weights, checked and named layers, and small reshape/pad helpers. The layer producing the IR outputs is named by
 * the module path; the other layers of a multi-layer translation get "path/suffix". Every TensorRT result is checked
 * here.
 */
final class LayerContext {
    final Layer layer;
    final INetworkDefinition network;
    final TrtKeepAlive keepAlive;
    private final Map<Tensor, ITensor> tensors;
    private final TrtLogger logger;
    private final long logMark;
    private final Map<Integer, ITensor> substitutes = new HashMap<>();

    LayerContext(Layer layer, INetworkDefinition network, TrtKeepAlive keepAlive, Map<Tensor, ITensor> tensors, TrtLogger logger) {
        this.layer = layer;
        this.network = network;
        this.keepAlive = keepAlive;
        this.tensors = tensors;
        this.logger = logger;
        this.logMark = logger.mark();
    }

    String name() { return layer.name(); }

    Tensor irInput(int i) { return layer.input(i); }

    ITensor input(int i) {
        ITensor t = substitutes.containsKey(i) ? substitutes.get(i) : tensors.get(layer.input(i));
        if (t == null) throw fail("input " + i + " (" + layer.input(i).name() + ") has not been translated", null);
        return t;
    }

    /** Input i reads t instead of the IR input's tensor (a Q/DQ pair in front of it, say). */
    void substituteInput(int i, ITensor t) { substitutes.put(i, t); }

    /** An error for this layer quoting what TensorRT logged since the layer's translation began. */
    LayerTranslationError fail(String problem, Throwable cause) {
        return new LayerTranslationError(layer, problem, logger.errorsSince(logMark), cause);
    }

    /** Checks the layer TensorRT returned and names it by the module path: it produces the IR layer's outputs. */
    <L extends ILayer> L main(L added, String call) {
        check(added, call);
        added.setName(name());
        return added;
    }

    /**
     * Checks a helper layer and names it and its outputs "path/suffix"; a null suffix means it is the main layer
     * (the helper methods below take null for "this step produces the IR output").
     */
    <L extends ILayer> L helper(L added, String call, String suffix) {
        if (suffix == null) return main(added, call);
        check(added, call);
        String n = name() + "/" + suffix;
        added.setName(n);
        for (int i = 0; i < added.getNbOutputs(); i++) output(added, i).setName(i == 0 ? n : n + ":" + i);
        return added;
    }

    private void check(ILayer added, String call) {
        if (added == null || added.isNull()) throw fail(call + " returned null", null);
    }

    ITensor output(ILayer added, int i) {
        ITensor t = added.getOutput(i);
        if (t == null || t.isNull()) throw fail("output " + i + " of the " + added.getType() + " layer is null", null);
        return t;
    }

    /** Records t as IR output i of this layer and gives it the IR tensor's name. */
    void bind(int irOutput, ITensor t) {
        Tensor ir = layer.output(irOutput);
        t.setName(ir.name());
        tensors.put(ir, t);
    }

    /** Binds every output of the main layer to the IR outputs, checking the counts agree. */
    void bindAll(ILayer mainLayer) {
        int n = layer.outputs().size();
        if (mainLayer.getNbOutputs() != n)
            throw fail("TensorRT layer has " + mainLayer.getNbOutputs() + " outputs, the IR layer " + n, null);
        for (int i = 0; i < n; i++) bind(i, output(mainLayer, i));
    }

    /** IR weights, passed to TensorRT without copying (the buffer stays referenced until the build ends). */
    Weights weights(org.trt4j.runtime.graph.Weights w) {
        return w == null ? keepAlive.empty() : keepAlive.direct(TrtTypes.dataType(w.dtype()), w.bytes(), w.count());
    }

    /** A 1-D INT64 constant (shape arithmetic). */
    ITensor int64Constant(long[] values, String suffix) {
        Weights w = keepAlive.longs(values);
        return output(helper(network.addConstant(TrtTypes.dims(new int[] {values.length}), w), "addConstant", suffix), 0);
    }

    /** Static reshape; 0 copies the input dimension at that index (zero is a placeholder). */
    ITensor reshape(ITensor x, int[] dims, String suffix) {
        IShuffleLayer s = helper(network.addShuffle(x), "addShuffle", suffix);
        s.setReshapeDimensions(TrtTypes.dims(dims));
        s.setZeroIsPlaceholder(true);
        return output(s, 0);
    }

    /** Appends {@code count} dims of 1 to a rank-{@code rank} tensor (works for dynamic dims). */
    ITensor appendOnes(ITensor x, int rank, int count, String suffix) {
        int[] dims = new int[rank + count];
        Arrays.fill(dims, rank, rank + count, 1);
        return reshape(x, dims, suffix);
    }

    /** Drops trailing dims of 1, keeping the first {@code rank} (works for dynamic dims). */
    ITensor keepLeading(ITensor x, int rank, String suffix) { return reshape(x, new int[rank], suffix); }

    /** TensorRT's shape of x as a 1-D INT64 tensor. */
    ITensor shapeOf(ITensor x, String suffix) {
        return output(helper(network.addShape(x), "addShape", suffix), 0);
    }

    ITensor concat(List<ITensor> parts, int axis, String suffix) {
        try (PointerPointer<ITensor> array = new PointerPointer<>(parts.toArray(new ITensor[0]))) {
            IConcatenationLayer c = helper(network.addConcatenation(array, parts.size()), "addConcatenation", suffix);
            c.setAxis(axis);
            return output(c, 0);
        }
    }

    /** Zero-pads x (IR shape {@code shape}) by pre/post elements in each dim (arrays of the full rank). */
    ITensor padZeros(ITensor x, Shape shape, int[] pre, int[] post, String suffix) {
        return pad(x, shape, pre, post, SampleMode.kFILL, null, suffix);
    }

    /**
     * Pads x (IR shape {@code shape}) by pre/post elements per dim (negative: crop) with a slice that starts at -pre in
     * the given sample mode (kFILL: {@code fill}, a scalar tensor, or zeros when null; kREFLECT; kCLAMP). The size is
     * static when the shape is, else computed from x's shape at run time.
     */
    ITensor pad(ITensor x, Shape shape, int[] pre, int[] post, SampleMode mode, ITensor fill, String suffix) {
        int r = shape.rank();
        int[] start = new int[r], size = new int[r], stride = new int[r];
        long[] grow = new long[r];
        for (int i = 0; i < r; i++) {
            start[i] = -pre[i];
            stride[i] = 1;
            grow[i] = pre[i] + post[i];
            size[i] = shape.dim(i) == Shape.DYNAMIC ? 0 : shape.dim(i) + pre[i] + post[i];
        }
        ITensor dynamicSize = null;
        if (!shape.isStatic()) {
            String part = suffix == null ? "pad" : suffix;
            dynamicSize = output(helper(network.addElementWise(shapeOf(x, part + "/shape"), int64Constant(grow, part + "/grow"),
                    ElementWiseOperation.kSUM), "addElementWise", part + "/size"), 0);
        }
        ISliceLayer s = helper(network.addSlice(x, TrtTypes.dims(start), TrtTypes.dims(size), TrtTypes.dims(stride)), "addSlice", suffix);
        s.setMode(mode);
        if (dynamicSize != null) s.setInput(2, dynamicSize);
        if (fill != null) s.setInput(4, fill);
        return output(s, 0);
    }

    /** Casts to a TensorRT type. */
    ITensor cast(ITensor x, DataType to, String suffix) {
        return output(helper(network.addCast(x, to), "addCast", suffix), 0);
    }
}
