package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.global.nvinfer.FillOperation;
import org.bytedeco.tensorrt.global.nvinfer.ResizeSelector;
import org.bytedeco.tensorrt.global.nvinfer.SampleMode;
import org.bytedeco.tensorrt.nvinfer.IConcatenationLayer;
import org.bytedeco.tensorrt.nvinfer.IFillLayer;
import org.bytedeco.tensorrt.nvinfer.IGridSampleLayer;
import org.bytedeco.tensorrt.nvinfer.IResizeLayer;
import org.bytedeco.tensorrt.nvinfer.IShuffleLayer;
import org.bytedeco.tensorrt.nvinfer.ISliceLayer;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvinfer.Weights;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.trt.TrtTypes;

/** Ops that move data or compute shapes: concat, slice, pad, shuffle, resize, gather, shape-of, fill. */
final class TensorOps {
    private TensorOps() {}

    static void concat(LayerContext c, Op.Concat op) {
        int n = c.layer.inputs().size();
        ITensor[] inputs = new ITensor[n];
        for (int i = 0; i < n; i++) inputs[i] = c.input(i);
        try (PointerPointer<ITensor> array = new PointerPointer<>(inputs)) {
            IConcatenationLayer layer = c.main(c.network.addConcatenation(array, n), "addConcatenation");
            layer.setAxis(op.axis());
            c.bindAll(layer);
        }
    }

    /** Static parameters go in the layer; a null one comes from the next shape-tensor input (TensorRT inputs 1..3). */
    static void slice(LayerContext c, Op.Slice op) {
        int rank = c.irInput(0).rank();
        int[] placeholder = new int[rank];
        ISliceLayer s = c.main(c.network.addSlice(c.input(0),
                TrtTypes.dims(op.start() == null ? placeholder : op.start()),
                TrtTypes.dims(op.size() == null ? placeholder : op.size()),
                TrtTypes.dims(op.stride() == null ? placeholder : op.stride())), "addSlice");
        int next = 1;
        if (op.start() == null) s.setInput(1, c.input(next++));
        if (op.size() == null) s.setInput(2, c.input(next++));
        if (op.stride() == null) s.setInput(3, c.input(next));
        c.bindAll(s);
    }

    static void shuffle(LayerContext c, Op.Shuffle op) {
        IShuffleLayer s = c.main(c.network.addShuffle(c.input(0)), "addShuffle");
        if (op.firstTranspose() != null) s.setFirstTranspose(TrtPermutation.of(op.firstTranspose()));
        if (op.reshape() != null) s.setReshapeDimensions(TrtTypes.dims(op.reshape()));
        if (op.reshapeFromInput()) s.setInput(1, c.input(1));
        if (op.secondTranspose() != null) s.setSecondTranspose(TrtPermutation.of(op.secondTranspose()));
        s.setZeroIsPlaceholder(true); // the IR's reshape 0 copies the input dimension
        c.bindAll(s);
    }

    /**
     * Output size from scales, a static shape or a shape tensor (input 1). A 1-pixel output with align-corners takes
     * the first input pixel, as PyTorch does (its scale is 0 there), where TensorRT's formula would divide by zero.
     */
    static void resize(LayerContext c, Op.Resize op) {
        IResizeLayer r = c.main(c.network.addResize(c.input(0)), "addResize");
        r.setResizeMode(TrtEnums.interpolation(op.mode()));
        r.setCoordinateTransformation(TrtEnums.coordinateTransform(op.coordinateTransform()));
        r.setNearestRounding(TrtEnums.nearestRounding(op.nearestRounding()));
        r.setCubicCoeff(op.cubicCoefficient());
        r.setExcludeOutside(false);
        r.setSelectorForSinglePixel(op.coordinateTransform() == Op.CoordinateTransform.ALIGN_CORNERS
                ? ResizeSelector.kUPPER : ResizeSelector.kFORMULA);
        if (op.scales() != null) r.setScales(op.scales(), op.scales().length);
        else if (op.outputShape() != null) r.setOutputDimensions(TrtTypes.dims(op.outputShape()));
        else r.setInput(1, c.input(1));
        c.bindAll(r);
    }

    /** IGridSampleLayer: zeros outside (kFILL), PyTorch's coordinate rule for the align_corners flag. */
    static void gridSample(LayerContext c, Op.GridSample op) {
        IGridSampleLayer g = c.main(c.network.addGridSample(c.input(0), c.input(1)), "addGridSample");
        g.setInterpolationMode(TrtEnums.interpolation(op.mode()));
        g.setAlignCorners(op.alignCorners());
        if (!g.setSampleMode(SampleMode.kFILL)) throw c.fail("IGridSampleLayer refused sample mode kFILL", null);
        c.bindAll(g);
    }

    /** F.pad as a slice starting at -padPre: CONSTANT fills (a scalar constant unless 0), REFLECT and REPLICATE sample. */
    static void pad(LayerContext c, Op.Pad op) {
        Tensor x = c.irInput(0);
        SampleMode mode = switch (op.mode()) {
            case CONSTANT -> SampleMode.kFILL;
            case REFLECT -> SampleMode.kREFLECT;
            case REPLICATE -> SampleMode.kCLAMP;
        };
        ITensor fill = null;
        if (op.mode() == Op.PadMode.CONSTANT && op.value() != 0f) {
            Weights value = x.dtype().isFloating() ? c.keepAlive.floats(new float[] {op.value()})
                    : c.keepAlive.ints(new int[] {Math.round(op.value())});
            fill = c.output(c.helper(c.network.addConstant(TrtTypes.dims(new int[0]), value), "addConstant", "value"), 0);
            if (x.dtype() != DType.FLOAT && x.dtype() != DType.INT32) fill = c.cast(fill, TrtTypes.dataType(x.dtype()), "value/cast");
        }
        c.bind(0, c.pad(c.input(0), x.shape(), op.padPre(), op.padPost(), mode, fill, null));
    }

    static void gather(LayerContext c, Op.Gather op) {
        c.bindAll(c.main(c.network.addGather(c.input(0), c.input(1), op.axis()), "addGather"));
    }

    /** TensorRT 10's shape layer gives INT64; an INT32 shape tensor gets a cast. */
    static void shapeOf(LayerContext c, Op.ShapeOf op) {
        if (op.dtype() == DType.INT64) {
            c.bindAll(c.main(c.network.addShape(c.input(0)), "addShape"));
            return;
        }
        ITensor shape = c.shapeOf(c.input(0), "int64");
        c.bindAll(c.main(c.network.addCast(shape, DataType.kINT32), "addCast"));
    }

    /**
     * IFillLayer LINSPACE with the output shape from the shape tensor (input 0). With a shape input TensorRT 10 takes
     * alpha as a 0-D tensor (input 1) and beta as a 1-D tensor of one delta per output dim (input 2), in the output type.
     */
    static void fill(LayerContext c, Op.Fill op) {
        int rank = c.irInput(0).dim(0);
        IFillLayer f = c.main(c.network.addFill(TrtTypes.dims(new int[0]), FillOperation.kLINSPACE, TrtTypes.dataType(op.dtype())), "addFill");
        f.setInput(0, c.input(0));
        Weights alpha, beta;
        if (op.dtype() == DType.FLOAT) {
            float[] delta = new float[rank];
            delta[op.axis()] = (float) op.delta();
            alpha = c.keepAlive.floats(new float[] {(float) op.start()});
            beta = c.keepAlive.floats(delta);
        } else {
            int[] delta = new int[rank];
            delta[op.axis()] = Math.toIntExact(Math.round(op.delta()));
            alpha = c.keepAlive.ints(new int[] {Math.toIntExact(Math.round(op.start()))});
            beta = c.keepAlive.ints(delta);
        }
        f.setInput(1, c.output(c.helper(c.network.addConstant(TrtTypes.dims(new int[0]), alpha), "addConstant", "start"), 0));
        f.setInput(2, c.output(c.helper(c.network.addConstant(TrtTypes.dims(new int[] {rank}), beta), "addConstant", "delta"), 0));
        c.bindAll(f);
    }
}
