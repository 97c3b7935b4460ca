package org.trt4j.runtime.graph;

/**
 * One method per {@link Op} record. Every consumer that treats ops one by one (the CPU backend, the TensorRT
 * translation, the layer table) implements it, so a new op does not compile until each of them handles it; an op a
 * consumer cannot express throws a clear error in its method. Java 17 has no pattern switch over the sealed Op.
 */
public interface OpVisitor<R> {
    R convolution(Op.Convolution op);

    R deconvolution(Op.Deconvolution op);

    R scale(Op.Scale op);

    R activation(Op.Activation op);

    R pooling(Op.Pooling op);

    R pad(Op.Pad op);

    R elementWise(Op.ElementWise op);

    R unary(Op.Unary op);

    R concat(Op.Concat op);

    R slice(Op.Slice op);

    R shuffle(Op.Shuffle op);

    R resize(Op.Resize op);

    R matMul(Op.MatMul op);

    R softMax(Op.SoftMax op);

    R reduce(Op.Reduce op);

    R gather(Op.Gather op);

    R topK(Op.TopK op);

    R constant(Op.Constant op);

    R cast(Op.Cast op);

    R identity(Op.Identity op);

    R select(Op.Select op);

    R gridSample(Op.GridSample op);

    R shapeOf(Op.ShapeOf op);

    R fill(Op.Fill op);

    R plugin(Op.Plugin op);
}
