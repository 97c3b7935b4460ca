package org.trt4j.plugins;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.PluginField;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.ShapeError;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.TensorType;

import java.util.List;

/**
 * The {@code trt4j::BatchedNms} plugin layer: inputs boxes [N, B, 4] and scores [N, B, C] (FLOAT, B and C static),
 * outputs count [N] INT32, boxes [N, K, 4], scores [N, K], classes [N, K] INT32 (K = max detections); see
 * {@link BatchedNms} for the semantics.
 */
public record BatchedNmsSpec(BatchedNms.Settings settings) implements PluginSpec {

    public static final String NAME = "BatchedNms";
    /** The plugin's grid has one row of blocks per image. */
    static final int MAX_BATCH = 65535;

    public BatchedNmsSpec {
        if (settings == null) throw new IllegalArgumentException("BatchedNms settings must not be null");
    }

    @Override public String pluginName() { return NAME; }

    @Override public String pluginVersion() { return Plugins.PLUGIN_VERSION; }

    @Override public String pluginNamespace() { return Plugins.PLUGIN_NAMESPACE; }

    @Override public List<PluginField> fields() {
        return List.of(PluginField.floats("score_threshold", settings.scoreThreshold()),
                PluginField.floats("iou_threshold", settings.iouThreshold()),
                PluginField.ints("max_per_class", settings.maxPerClass()),
                PluginField.ints("max_detections", settings.maxDetections()),
                PluginField.ints("candidates", settings.candidates()));
    }

    @Override public List<TensorType> outputTypes(List<Tensor> inputs) {
        String op = NAME;
        if (inputs.size() != 2) throw new ShapeError(op + " takes 2 inputs (boxes, scores), got " + inputs.size());
        Tensor boxes = inputs.get(0), scores = inputs.get(1);
        if (boxes.dtype() != DType.FLOAT || scores.dtype() != DType.FLOAT)
            throw new ShapeError(op + " boxes and scores must be FLOAT, got " + boxes.dtype() + " " + boxes.shape() + " and " + scores.dtype() + " " + scores.shape());
        if (boxes.rank() != 3 || boxes.dim(2) != 4) throw new ShapeError(op + " boxes " + boxes.shape() + " must be N x B x 4");
        if (scores.rank() != 3) throw new ShapeError(op + " scores " + scores.shape() + " must be N x B x C");
        if (boxes.dim(1) == Shape.DYNAMIC || scores.dim(1) == Shape.DYNAMIC || scores.dim(2) == Shape.DYNAMIC)
            throw new ShapeError(op + " needs static box and class counts, got boxes " + boxes.shape() + " and scores " + scores.shape());
        if (boxes.dim(1) != scores.dim(1)) throw new ShapeError(op + " boxes " + boxes.shape() + " and scores " + scores.shape() + " differ in the box count");
        if ((long) scores.dim(1) * scores.dim(2) > Integer.MAX_VALUE)
            throw new ShapeError(op + " scores " + scores.shape() + ": B x C must be below 2^31");
        int n = boxes.dim(0), ns = scores.dim(0);
        if (n != ns && n != Shape.DYNAMIC && ns != Shape.DYNAMIC)
            throw new ShapeError(op + " boxes " + boxes.shape() + " and scores " + scores.shape() + " differ in the batch size");
        if (n == Shape.DYNAMIC) n = ns;
        if (n > MAX_BATCH) throw new ShapeError(op + " takes at most " + MAX_BATCH + " images, got scores " + scores.shape());
        int k = settings.maxDetections();
        return List.of(TensorType.of(Shape.of(n), DType.INT32), TensorType.of(Shape.of(n, k, 4), DType.FLOAT),
                TensorType.of(Shape.of(n, k), DType.FLOAT), TensorType.of(Shape.of(n, k), DType.INT32));
    }

    @Override public List<HostTensor> runCpu(List<HostTensor> inputs) {
        return List.of(BatchedNms.apply(inputs.get(0), inputs.get(1), settings));
    }
}
