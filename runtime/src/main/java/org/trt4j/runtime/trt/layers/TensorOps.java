package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.global.nvinfer.ResizeSelector;
import org.bytedeco.tensorrt.nvinfer.IConcatenationLayer;
import org.bytedeco.tensorrt.nvinfer.IResizeLayer;
import org.bytedeco.tensorrt.nvinfer.IShuffleLayer;
import org.bytedeco.tensorrt.nvinfer.ISliceLayer;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.trt.TrtTypes;

/** Ops that move data or compute shapes: concat, slice, shuffle, resize, gather, shape-of. */
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
}
