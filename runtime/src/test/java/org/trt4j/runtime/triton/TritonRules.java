package org.trt4j.runtime.triton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Triton's model-configuration rules for a tensorrt_plan model, checked on the text of a config.pbtxt (the subset of
 * protobuf text format the exporter writes: scalar fields, message blocks, repeated blocks in [ ]), so the test reads
 * the file as Triton would rather than trusting the writer's record. Returns every rule broken.
 */
final class TritonRules {
    private static final Set<String> TYPES = Set.of("TYPE_BOOL", "TYPE_UINT8", "TYPE_UINT16", "TYPE_UINT32", "TYPE_UINT64",
            "TYPE_INT8", "TYPE_INT16", "TYPE_INT32", "TYPE_INT64", "TYPE_FP16", "TYPE_FP32", "TYPE_FP64", "TYPE_STRING", "TYPE_BF16");
    private static final Pattern TENSOR = Pattern.compile("\\{\\s*name: \"([^\"]+)\"\\s*data_type: (\\w+)\\s*dims: \\[([^\\]]*)\\]\\s*(is_shape_tensor: true\\s*)?\\}");

    private TritonRules() {}

    /** A parsed input or output: name, type and dims. */
    record Io(String name, String type, int[] dims, boolean shapeTensor) {}

    static Map<String, List<Io>> tensors(String text) {
        Map<String, List<Io>> m = new LinkedHashMap<>();
        for (String kind : List.of("input", "output")) {
            Matcher block = Pattern.compile("(?m)^" + kind + " \\[\\n(.*?)^\\]", Pattern.DOTALL).matcher(text);
            List<Io> list = new ArrayList<>();
            if (block.find()) {
                Matcher t = TENSOR.matcher(block.group(1));
                while (t.find()) {
                    String dims = t.group(3).trim();
                    int[] d = dims.isEmpty() ? new int[0]
                            : java.util.Arrays.stream(dims.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
                    list.add(new Io(t.group(1), t.group(2), d, t.group(4) != null));
                }
            }
            m.put(kind, list);
        }
        return m;
    }

    static List<String> broken(String text, String directoryName) {
        List<String> broken = new ArrayList<>();
        Matcher name = Pattern.compile("(?m)^name: \"([^\"]*)\"$").matcher(text);
        if (!name.find() || !name.group(1).equals(directoryName)) broken.add("name must equal the model directory " + directoryName);
        if (!text.contains("\nplatform: \"tensorrt_plan\"\n")) broken.add("platform must be tensorrt_plan");
        Matcher mbs = Pattern.compile("(?m)^max_batch_size: (-?\\d+)$").matcher(text);
        int maxBatch = mbs.find() ? Integer.parseInt(mbs.group(1)) : 0;
        if (maxBatch < 0) broken.add("max_batch_size must be >= 0");
        if (text.contains("dynamic_batching") && maxBatch == 0) broken.add("dynamic_batching needs max_batch_size > 0");
        Map<String, List<Io>> io = tensors(text);
        if (io.get("input").isEmpty()) broken.add("a model needs at least one input");
        if (io.get("output").isEmpty()) broken.add("a model needs at least one output");
        Set<String> seen = new java.util.HashSet<>();
        for (List<Io> list : io.values())
            for (Io t : list) {
                if (!seen.add(t.name())) broken.add("tensor name " + t.name() + " is declared twice");
                if (!TYPES.contains(t.type())) broken.add(t.name() + ": unknown data_type " + t.type());
                if (t.dims().length == 0) broken.add(t.name() + ": dims must not be empty");
                for (int d : t.dims()) if (d < -1 || d == 0) broken.add(t.name() + ": dims must be positive or -1, not " + d);
            }
        Matcher count = Pattern.compile("kind: KIND_GPU\\s*count: (\\d+)").matcher(text);
        if (!count.find() || Integer.parseInt(count.group(1)) < 1) broken.add("instance_group needs a KIND_GPU count >= 1");
        return broken;
    }
}
