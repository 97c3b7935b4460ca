package org.trt4j.runtime.trt.layers;

import org.trt4j.runtime.graph.Op;

/** Dispatches one IR op to its translation (Java 17: no pattern switch over the sealed Op yet). */
final class OpTranslator {
    private OpTranslator() {}

    static void translate(LayerContext c, Op op) {
        if (op instanceof Op.Convolution o) WindowOps.convolution(c, o);
        else if (op instanceof Op.Deconvolution o) WindowOps.deconvolution(c, o);
        else if (op instanceof Op.Pooling o) WindowOps.pooling(c, o);
        else if (op instanceof Op.Scale o) PointwiseOps.scale(c, o);
        else if (op instanceof Op.Activation o) PointwiseOps.activation(c, o);
        else if (op instanceof Op.ElementWise o) PointwiseOps.elementWise(c, o);
        else if (op instanceof Op.Unary o) PointwiseOps.unary(c, o);
        else if (op instanceof Op.Select) PointwiseOps.select(c);
        else if (op instanceof Op.Cast o) PointwiseOps.cast(c, o);
        else if (op instanceof Op.Identity) PointwiseOps.identity(c);
        else if (op instanceof Op.Constant o) PointwiseOps.constant(c, o);
        else if (op instanceof Op.SoftMax o) PointwiseOps.softMax(c, o);
        else if (op instanceof Op.Reduce o) PointwiseOps.reduce(c, o);
        else if (op instanceof Op.MatMul o) PointwiseOps.matMul(c, o);
        else if (op instanceof Op.TopK o) PointwiseOps.topK(c, o);
        else if (op instanceof Op.Concat o) TensorOps.concat(c, o);
        else if (op instanceof Op.Slice o) TensorOps.slice(c, o);
        else if (op instanceof Op.Pad o) TensorOps.pad(c, o);
        else if (op instanceof Op.Shuffle o) TensorOps.shuffle(c, o);
        else if (op instanceof Op.Resize o) TensorOps.resize(c, o);
        else if (op instanceof Op.Gather o) TensorOps.gather(c, o);
        else if (op instanceof Op.ShapeOf o) TensorOps.shapeOf(c, o);
        else if (op instanceof Op.Plugin o) PluginOps.plugin(c, o);
        else throw c.fail("no TensorRT translation for op " + op.kind(), null);
    }
}
