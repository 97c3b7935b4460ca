package org.trt4j.runtime.trt.layers;

import org.bytedeco.tensorrt.global.nvinfer.MatrixOperation;
import org.bytedeco.tensorrt.nvinfer.IActivationLayer;
import org.bytedeco.tensorrt.nvinfer.IScaleLayer;
import org.bytedeco.tensorrt.nvinfer.ISoftMaxLayer;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.trt.TrtTypes;

/** Ops that map to one TensorRT layer each (Scale may add reshapes around it). */
final class PointwiseOps {
    private PointwiseOps() {}

    /** TensorRT's scale layer wants at least 4 dims: lower ranks get trailing 1s, which change no weight count. */
    private static final int SCALE_MIN_RANK = 4;

    static void scale(LayerContext c, Op.Scale op) {
        int rank = c.irInput(0).rank();
        boolean reshape = rank < SCALE_MIN_RANK;
        ITensor x = reshape ? c.appendOnes(c.input(0), rank, SCALE_MIN_RANK - rank, "to4d") : c.input(0);
        IScaleLayer s = c.network.addScaleNd(x, TrtEnums.scaleMode(op.mode()), c.weights(op.shift()), c.weights(op.scale()),
                c.weights(op.power()), op.channelAxis());
        if (reshape) c.helper(s, "addScaleNd", "scale"); else c.main(s, "addScaleNd");
        ITensor y = c.output(s, 0);
        c.bind(0, reshape ? c.keepLeading(y, rank, "back") : y);
    }

    static void activation(LayerContext c, Op.Activation op) {
        IActivationLayer a = c.main(c.network.addActivation(c.input(0), TrtEnums.activation(op.type())), "addActivation");
        a.setAlpha(op.alpha());
        a.setBeta(op.beta());
        c.bindAll(a);
    }

    static void elementWise(LayerContext c, Op.ElementWise op) {
        c.bindAll(c.main(c.network.addElementWise(c.input(0), c.input(1), TrtEnums.elementWise(op.operation())), "addElementWise"));
    }

    static void unary(LayerContext c, Op.Unary op) {
        c.bindAll(c.main(c.network.addUnary(c.input(0), TrtEnums.unary(op.operation())), "addUnary"));
    }

    static void select(LayerContext c) {
        c.bindAll(c.main(c.network.addSelect(c.input(0), c.input(1), c.input(2)), "addSelect"));
    }

    static void cast(LayerContext c, Op.Cast op) {
        c.bindAll(c.main(c.network.addCast(c.input(0), TrtTypes.dataType(op.to())), "addCast"));
    }

    static void identity(LayerContext c) {
        c.bindAll(c.main(c.network.addIdentity(c.input(0)), "addIdentity"));
    }

    static void constant(LayerContext c, Op.Constant op) {
        c.bindAll(c.main(c.network.addConstant(TrtTypes.dims(op.value().shape().dims()), c.weights(op.value())), "addConstant"));
    }

    static void softMax(LayerContext c, Op.SoftMax op) {
        ISoftMaxLayer s = c.main(c.network.addSoftMax(c.input(0)), "addSoftMax");
        s.setAxes(AxisMask.of(c.irInput(0).rank(), op.axis()));
        c.bindAll(s);
    }

    static void reduce(LayerContext c, Op.Reduce op) {
        int mask = AxisMask.of(c.irInput(0).rank(), op.axes());
        c.bindAll(c.main(c.network.addReduce(c.input(0), TrtEnums.reduce(op.operation()), mask, op.keepDims()), "addReduce"));
    }

    static void matMul(LayerContext c, Op.MatMul op) {
        c.bindAll(c.main(c.network.addMatrixMultiply(c.input(0), op.transposeA() ? MatrixOperation.kTRANSPOSE : MatrixOperation.kNONE,
                c.input(1), op.transposeB() ? MatrixOperation.kTRANSPOSE : MatrixOperation.kNONE), "addMatrixMultiply"));
    }

    static void topK(LayerContext c, Op.TopK op) {
        int mask = AxisMask.of(c.irInput(0).rank(), op.axis());
        c.bindAll(c.main(c.network.addTopK(c.input(0), TrtEnums.topK(op.operation()), op.k(), mask), "addTopK"));
    }
}
