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
     * so does the identity input of each residual sum ({@link #residualIdentity}).
     */
    public NetworkTranslator(Network ir, ActivationScales int8) {
        this.ir = ir;
        this.int8 = int8;
    }

    /**
     * Which input of a sum is a residual identity: calibrated (it is some convolution's input) while the other is not
     * and comes from a convolution through per-channel scales (batch norm) and activations only; -1 when neither.
     */
    static int residualIdentity(Layer sum, ActivationScales int8, Map<Tensor, Layer> producers) {
        if (!(sum.op() instanceof Op.ElementWise e) || e.operation() != Op.ElementWiseOperation.SUM) return -1;
        for (int i = 0; i < 2; i++) {
            Tensor identity = sum.input(i), branch = sum.input(1 - i);
            if (int8.scale(identity.name()) == null || int8.scale(branch.name()) != null) continue;
            if (!identity.shape().equals(branch.shape())) continue;
            Layer p = producers.get(branch);
            while (p != null && (p.op() instanceof Op.Scale || p.op() instanceof Op.Activation)) p = producers.get(p.input(0));
            if (p != null && p.op() instanceof Op.Convolution) return i;
        }
        return -1;
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

    @Override public void emit(INetworkDefinition network, TrtKeepAlive keepAlive) {
        TrtLogger logger = TrtLogger.get();
        Map<Tensor, ITensor> tensors = new HashMap<>();
        Map<Tensor, Layer> producers = new HashMap<>();
        for (Layer layer : ir.layers()) for (Tensor out : layer.outputs()) producers.put(out, layer);
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
                Float scale = int8 != null && layer.op() instanceof Op.Convolution conv ? int8.scale(layer.input(0).name()) : null;
                int identity = int8 == null ? -1 : residualIdentity(layer, int8, producers);
                if (identity >= 0) QuantizedOps.residualInput(c, identity, int8.scale(layer.input(identity).name()));
                if (scale != null) QuantizedOps.convolution(c, (Op.Convolution) layer.op(), scale, int8.channelMeans().get(layer.input(0).name()));
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
