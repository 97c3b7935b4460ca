package org.trt4j.runtime.trt.layers;

import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.OpVisitor;

/** Dispatches one IR op to its translation; the visitor makes a new op a compile error here until it is translated. */
final class OpTranslator implements OpVisitor<Void> {
    private final LayerContext c;

    private OpTranslator(LayerContext c) { this.c = c; }

    static void translate(LayerContext c, Op op) { op.accept(new OpTranslator(c)); }

    @Override public Void convolution(Op.Convolution o) {
        WindowOps.convolution(c, o);
        return null;
    }

    @Override public Void deconvolution(Op.Deconvolution o) {
        WindowOps.deconvolution(c, o);
        return null;
    }

    @Override public Void scale(Op.Scale o) {
        PointwiseOps.scale(c, o);
        return null;
    }

    @Override public Void activation(Op.Activation o) {
        PointwiseOps.activation(c, o);
        return null;
    }

    @Override public Void pooling(Op.Pooling o) {
        WindowOps.pooling(c, o);
        return null;
    }

    @Override public Void pad(Op.Pad o) {
        TensorOps.pad(c, o);
        return null;
    }

    @Override public Void elementWise(Op.ElementWise o) {
        PointwiseOps.elementWise(c, o);
        return null;
    }

    @Override public Void unary(Op.Unary o) {
        PointwiseOps.unary(c, o);
        return null;
    }

    @Override public Void concat(Op.Concat o) {
        TensorOps.concat(c, o);
        return null;
    }

    @Override public Void slice(Op.Slice o) {
        TensorOps.slice(c, o);
        return null;
    }

    @Override public Void shuffle(Op.Shuffle o) {
        TensorOps.shuffle(c, o);
        return null;
    }

    @Override public Void resize(Op.Resize o) {
        TensorOps.resize(c, o);
        return null;
    }

    @Override public Void matMul(Op.MatMul o) {
        PointwiseOps.matMul(c, o);
        return null;
    }

    @Override public Void softMax(Op.SoftMax o) {
        PointwiseOps.softMax(c, o);
        return null;
    }

    @Override public Void reduce(Op.Reduce o) {
        PointwiseOps.reduce(c, o);
        return null;
    }

    @Override public Void gather(Op.Gather o) {
        TensorOps.gather(c, o);
        return null;
    }

    @Override public Void topK(Op.TopK o) {
        PointwiseOps.topK(c, o);
        return null;
    }

    @Override public Void constant(Op.Constant o) {
        PointwiseOps.constant(c, o);
        return null;
    }

    @Override public Void cast(Op.Cast o) {
        PointwiseOps.cast(c, o);
        return null;
    }

    @Override public Void identity(Op.Identity o) {
        PointwiseOps.identity(c);
        return null;
    }

    @Override public Void gridSample(Op.GridSample o) {
        TensorOps.gridSample(c, o);
        return null;
    }

    @Override public Void select(Op.Select o) {
        PointwiseOps.select(c);
        return null;
    }

    @Override public Void shapeOf(Op.ShapeOf o) {
        TensorOps.shapeOf(c, o);
        return null;
    }

    @Override public Void fill(Op.Fill o) {
        TensorOps.fill(c, o);
        return null;
    }

    @Override public Void plugin(Op.Plugin o) {
        PluginOps.plugin(c, o);
        return null;
    }
}
