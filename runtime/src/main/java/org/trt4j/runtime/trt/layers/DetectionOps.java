package org.trt4j.runtime.trt.layers;

import org.bytedeco.tensorrt.global.nvinfer.BoundingBoxFormat;
import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.global.nvinfer.ElementWiseOperation;
import org.bytedeco.tensorrt.global.nvinfer.GatherMode;
import org.bytedeco.tensorrt.global.nvinfer.ReduceOperation;
import org.bytedeco.tensorrt.global.nvinfer.SampleMode;
import org.bytedeco.tensorrt.global.nvinfer.ScatterMode;
import org.bytedeco.tensorrt.global.nvinfer.TopKOperation;
import org.bytedeco.tensorrt.nvinfer.IGatherLayer;
import org.bytedeco.tensorrt.nvinfer.INMSLayer;
import org.bytedeco.tensorrt.nvinfer.ISliceLayer;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvinfer.Weights;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.trt.TrtTypes;

/**
 * Non-maximum suppression: TensorRT's NMS layer selects (image, class, box) triples of variable number; the kept
 * scores are scattered into a zeroed N x C x B tensor whose per-image top-k gives the fixed-size, score-sorted rows
 * (flat index = class * B + box, so the class and box come back by division). Rows past the kept count score 0 and
 * get zero boxes and classes, as on the CPU.
 */
final class DetectionOps {
    private DetectionOps() {}

    /** TensorRT's TopK layer takes k up to 3840. */
    static final int MAX_TOP_K = 3840;
    /** Above-threshold (box, class) pairs the NMS layer considers per image: TensorRT's maximum (off SM 5.3/6.2). */
    static final int TOP_K_BOX_LIMIT = 5000;

    static void nonMaxSuppression(LayerContext c, Op.NonMaxSuppression op) {
        Tensor scoresIr = c.irInput(1);
        int b = scoresIr.dim(1), classes = scoresIr.dim(2), n = scoresIr.dim(0);
        long candidates = (long) b * classes;
        if (candidates > Integer.MAX_VALUE) throw c.fail(b + " boxes x " + classes + " classes exceed TensorRT's index range", null);
        int k = (int) Math.min(op.maxDetections(), candidates);
        if (k > MAX_TOP_K)
            throw c.fail("keeps " + k + " detections per image; TensorRT's top-k takes at most " + MAX_TOP_K, null);
        ITensor boxes = c.input(0), scores = c.input(1);

        INMSLayer nms = c.main(c.network.addNMS(boxes, scores, scalar(c, c.keepAlive.ints(new int[] {op.maxPerClass()}), "max_per_class")), "addNMS");
        nms.setBoundingBoxFormat(BoundingBoxFormat.kCORNER_PAIRS);
        nms.setTopKBoxLimit(TOP_K_BOX_LIMIT);
        nms.setInput(3, scalar(c, c.keepAlive.floats(new float[] {op.iouThreshold()}), "iou_threshold"));
        nms.setInput(4, scalar(c, c.keepAlive.floats(new float[] {op.scoreThreshold()}), "score_threshold"));
        if (nms.getNbOutputs() != 2) throw c.fail("TensorRT's NMS layer has " + nms.getNbOutputs() + " outputs, expected 2", null);
        ITensor selected = c.output(nms, 0); // [M, 3]: image, class, box

        ITensor byClass = c.output(transpose(c, scores), 0); // N x C x B
        IGatherLayer keptScores = c.helper(c.network.addGatherV2(byClass, selected, GatherMode.kND), "addGatherV2", "kept_scores");
        keptScores.setNbElementWiseDims(0);
        ITensor kept = c.output(c.helper(c.network.addScatter(zerosLike(c, byClass), selected, c.output(keptScores, 0), ScatterMode.kND),
                "addScatter", "kept"), 0);
        ITensor flat = c.reshape(kept, new int[] {0, (int) candidates}, "flat");
        var top = c.helper(c.network.addTopK(flat, TopKOperation.kMAX, k, AxisMask.of(2, 1)), "addTopK", "top");
        ITensor values = c.output(top, 0), index = c.output(top, 1);

        ITensor boxCount = constant(c, c.keepAlive.ints(new int[] {b}), new int[] {1, 1}, "box_count");
        // indices are non-negative: DIV (truncating for INT32) is the floor
        ITensor cls = elementWise(c, index, boxCount, ElementWiseOperation.kDIV, "class");
        ITensor box = elementWise(c, index, elementWise(c, cls, boxCount, ElementWiseOperation.kPROD, "class_start"),
                ElementWiseOperation.kSUB, "box");
        IGatherLayer gathered = c.helper(c.network.addGatherV2(boxes, box, GatherMode.kDEFAULT), "addGatherV2", "gathered_boxes");
        gathered.setGatherAxis(1);
        gathered.setNbElementWiseDims(1); // per image: boxes[i, box[i, r], :]

        // kept scores are above a threshold >= 0, so a row is valid exactly when its score is positive
        ITensor zero2 = constant(c, c.keepAlive.floats(new float[] {0f}), new int[] {1, 1}, "zero");
        ITensor valid = elementWise(c, values, zero2, ElementWiseOperation.kGREATER, "valid");
        ITensor ones = select(c, valid, constant(c, c.keepAlive.floats(new float[] {1f}), new int[] {1, 1}, "one"), zero2, "valid_ones");
        ITensor count = c.output(c.helper(c.network.addReduce(ones, ReduceOperation.kSUM, AxisMask.of(2, 1), false), "addReduce", "count_float"), 0);
        count = c.cast(count, DataType.kINT32, "count");
        ITensor validRows = c.appendOnes(valid, 2, 1, "valid_rows");
        ITensor outBoxes = select(c, validRows, c.output(gathered, 0),
                constant(c, c.keepAlive.floats(new float[] {0f}), new int[] {1, 1, 1}, "zero_box"), "boxes_valid");
        ITensor outClasses = select(c, valid, cls, constant(c, c.keepAlive.ints(new int[] {0}), new int[] {1, 1}, "zero_class"), "classes_valid");

        int pad = op.maxDetections() - k; // fewer candidates than rows: zero rows after them
        c.bind(0, count);
        c.bind(1, pad == 0 ? outBoxes : c.padZeros(outBoxes, Shape.of(n, k, 4), new int[3], new int[] {0, pad, 0}, "boxes_padded"));
        c.bind(2, pad == 0 ? values : c.padZeros(values, Shape.of(n, k), new int[2], new int[] {0, pad}, "scores_padded"));
        c.bind(3, pad == 0 ? outClasses : c.padZeros(outClasses, Shape.of(n, k), new int[2], new int[] {0, pad}, "classes_padded"));
    }

    private static ITensor scalar(LayerContext c, Weights value, String suffix) {
        return constant(c, value, new int[0], suffix);
    }

    private static ITensor constant(LayerContext c, Weights value, int[] dims, String suffix) {
        return c.output(c.helper(c.network.addConstant(TrtTypes.dims(dims), value), "addConstant", suffix), 0);
    }

    private static org.bytedeco.tensorrt.nvinfer.IShuffleLayer transpose(LayerContext c, ITensor scores) {
        var s = c.helper(c.network.addShuffle(scores), "addShuffle", "scores_by_class");
        s.setFirstTranspose(TrtPermutation.of(new int[] {0, 2, 1}));
        return s;
    }

    /** Zeros of x's (run-time) shape: a one-element zero constant sliced out of bounds in FILL mode. */
    private static ITensor zerosLike(LayerContext c, ITensor x) {
        ITensor zero = constant(c, c.keepAlive.floats(new float[] {0f}), new int[] {1, 1, 1}, "zeros/value");
        ISliceLayer s = c.helper(c.network.addSlice(zero, TrtTypes.dims(new int[3]), TrtTypes.dims(new int[3]),
                TrtTypes.dims(new int[] {1, 1, 1})), "addSlice", "zeros");
        s.setMode(SampleMode.kFILL);
        s.setInput(2, c.shapeOf(x, "zeros/shape"));
        return c.output(s, 0);
    }

    private static ITensor elementWise(LayerContext c, ITensor a, ITensor b, ElementWiseOperation op, String suffix) {
        return c.output(c.helper(c.network.addElementWise(a, b, op), "addElementWise", suffix), 0);
    }

    private static ITensor select(LayerContext c, ITensor condition, ITensor then, ITensor otherwise, String suffix) {
        return c.output(c.helper(c.network.addSelect(condition, then, otherwise), "addSelect", suffix), 0);
    }
}
