package org.trt4j.runtime.trt.layers;

import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.nvinfer.IConvolutionLayer;
import org.bytedeco.tensorrt.nvinfer.IDequantizeLayer;
import org.bytedeco.tensorrt.nvinfer.IQuantizeLayer;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.quant.WeightQuantization;
import org.trt4j.runtime.trt.TrtTypes;

/**
 * Explicit INT8 quantization of a convolution, the pattern TensorRT fuses into an INT8 kernel: the data input through
 * a per-tensor Q/DQ pair (scale from calibration), the weights as a constant through a per-output-channel Q/DQ pair
 * (scale = max |w| of the channel / 127), then the convolution taking its kernel as input 1. With the input's channel
 * means from calibration, the bias is corrected for the weights' rounding ({@link WeightQuantization#correctedBias}).
 * Which tensors get a Q/DQ pair, with which scale, is {@link org.trt4j.runtime.quant.Int8Placement}'s choice; each tensor has one pair
 * ({@link #quantizeDequantize}), which all its quantized readers share.
 */
final class QuantizedOps {
    private QuantizedOps() {}

    /**
     * @param x          the data input through its Q/DQ pair ({@link #quantizeDequantize})
     * @param inputMeans the input's mean per channel over the calibration data, or null (no bias correction)
     */
    static void convolution(LayerContext c, Op.Convolution op, ITensor x, float[] inputMeans) {
        int[] wdims = op.kernelWeights().shape().dims();
        ITensor kernel = c.output(c.helper(c.network.addConstant(TrtTypes.dims(wdims), c.weights(op.kernelWeights())), "addConstant",
                "weights"), 0);
        ITensor weights = quantizeDequantize(c, kernel, WeightQuantization.channelScales(op.kernelWeights().floats(), op.outputChannels()), 0,
                "weights");
        org.bytedeco.tensorrt.nvinfer.Weights bias = inputMeans == null ? c.weights(op.bias())
                : c.keepAlive.floats(WeightQuantization.correctedBias(op, inputMeans));
        IConvolutionLayer conv = c.main(c.network.addConvolutionNd(x, op.outputChannels(), TrtTypes.dims(op.kernel()), c.keepAlive.empty(),
                bias), "addConvolutionNd");
        conv.setInput(1, weights);
        conv.setStrideNd(TrtTypes.dims(op.stride()));
        conv.setPrePadding(TrtTypes.dims(op.padPre()));
        conv.setPostPadding(TrtTypes.dims(op.padPost()));
        conv.setDilationNd(TrtTypes.dims(op.dilation()));
        conv.setNbGroups(op.groups());
        c.bind(0, c.output(conv, 0));
    }

    /** x through Quantize (to INT8) and Dequantize (back to float) with this per-tensor scale. */
    static ITensor quantizeDequantize(LayerContext c, ITensor x, float scale) {
        return quantizeDequantize(c, x, new float[] {scale}, -1, "input");
    }

    /** x through Quantize (to INT8) and Dequantize (back to float) with these scales: one (per tensor) or one per index of axis. */
    private static ITensor quantizeDequantize(LayerContext c, ITensor x, float[] scales, int axis, String what) {
        int[] scaleDims = axis < 0 ? new int[0] : new int[] {scales.length};
        ITensor scale = c.output(c.helper(c.network.addConstant(TrtTypes.dims(scaleDims), c.keepAlive.floats(scales)), "addConstant",
                what + "/scale"), 0);
        IQuantizeLayer q = c.helper(c.network.addQuantize(x, scale, DataType.kINT8), "addQuantize", what + "/quantize");
        if (axis >= 0) q.setAxis(axis);
        IDequantizeLayer dq = c.helper(c.network.addDequantize(c.output(q, 0), scale, DataType.kFLOAT), "addDequantize", what + "/dequantize");
        if (axis >= 0) dq.setAxis(axis);
        return c.output(dq, 0);
    }
}
