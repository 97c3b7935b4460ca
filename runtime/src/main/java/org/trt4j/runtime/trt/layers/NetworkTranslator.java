package org.trt4j.runtime.trt.layers;

import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.nvinfer.ILayer;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.quant.ActivationScales;
import org.trt4j.runtime.quant.Int8Placement;
import org.trt4j.runtime.trt.TrtKeepAlive;
import org.trt4j.runtime.trt.TrtLogger;
import org.trt4j.runtime.trt.TrtNetworkEmitter;
import org.trt4j.runtime.trt.TrtTypes;

import java.util.HashMap;
import java.util.Map;

/**
 * Translates a trt4j graph-IR {@link Network} into a TensorRT network definition: inputs with their names, dtypes and
 * dims (-1 dynamic), every layer named by its module path, outputs marked under their names. The IR has already
 * checked shapes; a TensorRT call that still fails throws {@link LayerTranslationError} naming the layer.
 * Hand it to {@code EngineBuilder.build(name, new NetworkTranslator(network), options)}.
 */
public final class NetworkTranslator implements TrtNetworkEmitter {
    private final Network ir;
    private final ActivationScales int8;

    public NetworkTranslator(Network ir) { this(ir, null); }

    /**
     * With INT8 scales: each calibrated convolution input and its weights get Q/DQ pairs (explicit quantization), and
     * so does the identity input of each residual sum; where and with which scale is {@link Int8Placement}'s choice.
     */
    public NetworkTranslator(Network ir, ActivationScales int8) {
        this.ir = ir;
        this.int8 = int8;
    }

    /**
     * A precision constraint on one TensorRT layer of a full-precision op: computed in FP32, its float outputs FP32
     * (layers with other outputs, shape arithmetic say, are left alone). EngineBuilder then asks TensorRT to prefer
     * the constraints.
     */
    static void keepFp32(ILayer l) {
        for (int k = 0; k < l.getNbOutputs(); k++) if (l.getOutput(k).getType().value != DataType.kFLOAT.value) return;
        l.setPrecision(DataType.kFLOAT);
        for (int k = 0; k < l.getNbOutputs(); k++) l.setOutputType(k, DataType.kFLOAT);
    }

    /** Input i of c's layer through the Q/DQ pair of its tensor, made at its first quantized reader. */
    private static ITensor quantized(LayerContext c, int i, Int8Placement placement, Map<Tensor, ITensor> quantized) {
        return quantized.computeIfAbsent(c.layer.input(i), t -> QuantizedOps.quantizeDequantize(c, c.input(i), placement.scale(t)));
    }

    @Override public void emit(INetworkDefinition network, TrtKeepAlive keepAlive) {
        TrtLogger logger = TrtLogger.get();
        Map<Tensor, ITensor> tensors = new HashMap<>();
        Int8Placement placement = int8 == null ? null : new Int8Placement(ir, int8);
        // one Q/DQ pair per quantized tensor, shared by all its quantized readers (a convolution, a residual sum)
        Map<Tensor, ITensor> quantized = new HashMap<>();
        for (Tensor in : ir.inputs()) {
            long mark = logger.mark();
            ITensor t = network.addInput(in.name(), TrtTypes.dataType(in.dtype()), TrtTypes.dims(in.shape().dims()));
            if (t == null || t.isNull())
                throw new UserError("network " + ir.name() + ": TensorRT refused input '" + in.name() + "' " + in.dtype() + " " + in.shape()
                        + ": " + String.join("; ", logger.errorsSince(mark)));
            tensors.put(in, t);
        }
        for (Layer layer : ir.layers()) {
            LayerContext c = new LayerContext(layer, network, keepAlive, tensors, logger);
            int first = network.getNbLayers();
            try {
                int identity = placement == null ? -1 : placement.residualIdentity(layer);
                if (identity >= 0) c.substituteInput(identity, quantized(c, identity, placement, quantized));
                if (placement != null && placement.quantizes(layer))
                    QuantizedOps.convolution(c, (Op.Convolution) layer.op(), quantized(c, 0, placement, quantized), int8.channelMeans().get(layer.input(0).name()));
                else OpTranslator.translate(c, layer.op());
            } catch (LayerTranslationError e) {
                throw e;
            } catch (RuntimeException e) {
                throw c.fail(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
            for (Tensor out : layer.outputs())
                if (!tensors.containsKey(out)) throw c.fail("translation left output " + out.name() + " unbound", null);
            if (layer.fullPrecision()) for (int i = first; i < network.getNbLayers(); i++) keepFp32(network.getLayer(i));
        }
        for (Tensor out : ir.outputs()) {
            ITensor t = tensors.get(out);
            t.setName(out.name());
            network.markOutput(t);
            if (!t.isNetworkOutput()) throw new UserError("network " + ir.name() + ": TensorRT did not mark output '" + out.name() + "'");
        }
    }
}
