package org.trt4j.runtime.triton;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.trt.EngineInfo;
import org.trt4j.runtime.trt.EngineTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Triton model configuration ({@code config.pbtxt}, protobuf text format) for a TensorRT plan, derived from the
 * engine's sidecar. Triton's rules that shape it: with {@code max_batch_size > 0} every input and output has the batch
 * as its first dimension and {@code dims} leave it out, so batching is offered only when every (non-shape-tensor)
 * tensor's first dimension is dynamic and the profile lets the batch go from 1 up; otherwise {@code max_batch_size: 0}
 * and {@code dims} are the full shapes. Dynamic dimensions are -1; shape-tensor inputs say {@code is_shape_tensor}.
 */
public record TritonConfig(String name, int maxBatchSize, List<Tensor> inputs, List<Tensor> outputs, int instances,
                           boolean dynamicBatching) {

    /** One input or output as Triton declares it (dims without the batch dimension when batching). */
    public record Tensor(String name, String dataType, int[] dims, boolean shapeTensor) {}

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public TritonConfig {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * The configuration of an engine: batching up to the profile's largest batch (or {@code maxBatchRequested} when
     * smaller; 0 turns batching off), {@code instances} copies of the model on the GPU.
     */
    public static TritonConfig of(String name, EngineInfo engine, Integer maxBatchRequested, int instances) {
        if (!MODEL_NAME.matcher(name).matches())
            throw new UserError("model name '" + name + "': Triton model directories need letters, digits, '_', '.' or '-'");
        if (instances < 1) throw new UserError("--instances " + instances + ": needs at least 1");
        if (engine.inputs().isEmpty() || engine.outputs().isEmpty())
            throw new UserError("the engine's sidecar lists no inputs or outputs: export needs a trt4j sidecar (E.engine.json)");
        int batchable = batchableSize(engine);
        int maxBatch;
        if (maxBatchRequested == null) maxBatch = batchable;
        else if (maxBatchRequested == 0) maxBatch = 0;
        else if (batchable == 0)
            throw new UserError("--max-batch " + maxBatchRequested + ": the engine cannot batch (" + whyNotBatchable(engine)
                    + "); export it with --max-batch 0");
        else if (maxBatchRequested > batchable)
            throw new UserError("--max-batch " + maxBatchRequested + " is over the engine profile's largest batch " + batchable);
        else maxBatch = maxBatchRequested;
        List<Tensor> ins = new ArrayList<>(), outs = new ArrayList<>();
        for (EngineTensor t : engine.inputs()) ins.add(tensor(t, maxBatch > 0));
        for (EngineTensor t : engine.outputs()) outs.add(tensor(t, maxBatch > 0));
        return new TritonConfig(name, maxBatch, ins, outs, instances, maxBatch > 0);
    }

    /** The largest batch Triton may send, or 0 when the engine cannot take a variable batch. */
    static int batchableSize(EngineInfo engine) {
        if (whyNotBatchable(engine) != null) return 0;
        int max = Integer.MAX_VALUE;
        for (EngineTensor t : engine.inputs()) max = Math.min(max, t.profile().max()[0]);
        return max;
    }

    static String whyNotBatchable(EngineInfo engine) {
        for (EngineTensor t : engine.inputs()) {
            if (t.shapeTensor()) return "input '" + t.name() + "' is a shape tensor";
            if (t.shape().length == 0 || t.shape()[0] != -1) return "input '" + t.name() + "' has a fixed first dimension";
            if (t.profile() == null || t.profile().min()[0] != 1)
                return "input '" + t.name() + "' profile does not start at batch 1";
        }
        for (EngineTensor t : engine.outputs())
            if (t.shape().length == 0 || t.shape()[0] != -1) return "output '" + t.name() + "' has a fixed first dimension";
        return null;
    }

    private static Tensor tensor(EngineTensor t, boolean batching) {
        int[] shape = t.shape();
        int[] dims = batching ? Arrays.copyOfRange(shape, 1, shape.length) : shape;
        // Triton needs at least one dim; a scalar (or a batched vector) is declared as [1] and reshaped
        if (dims.length == 0) dims = new int[] {1};
        return new Tensor(t.name(), dataType(t.dtype()), dims, t.shapeTensor());
    }

    static String dataType(DType t) {
        return switch (t) {
            case FLOAT -> "TYPE_FP32";
            case HALF -> "TYPE_FP16";
            case INT32 -> "TYPE_INT32";
            case INT64 -> "TYPE_INT64";
            case BOOL -> "TYPE_BOOL";
        };
    }

    /** The config.pbtxt text. */
    public String toPbtxt() {
        StringBuilder b = new StringBuilder();
        b.append("name: \"").append(name).append("\"\n");
        b.append("platform: \"tensorrt_plan\"\n");
        b.append("max_batch_size: ").append(maxBatchSize).append('\n');
        section(b, "input", inputs);
        section(b, "output", outputs);
        if (dynamicBatching) b.append("dynamic_batching { }\n");
        b.append("instance_group [\n  {\n    kind: KIND_GPU\n    count: ").append(instances).append("\n  }\n]\n");
        return b.toString();
    }

    private static void section(StringBuilder b, String kind, List<Tensor> tensors) {
        b.append(kind).append(" [\n");
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            b.append("  {\n    name: \"").append(t.name()).append("\"\n    data_type: ").append(t.dataType()).append('\n');
            b.append("    dims: [ ");
            for (int d = 0; d < t.dims().length; d++) b.append(d == 0 ? "" : ", ").append(t.dims()[d]);
            b.append(" ]\n");
            if (t.shapeTensor()) b.append("    is_shape_tensor: true\n");
            b.append(i + 1 < tensors.size() ? "  },\n" : "  }\n");
        }
        b.append("]\n");
    }
}
