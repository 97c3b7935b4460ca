package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer.PluginFieldType;
import org.trt4j.runtime.graph.PluginField;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One plugin creator field in native memory: what a TensorRT {@code PluginField} points at. Built without the
 * TensorRT natives (PluginFieldType is a plain Java enum), so the encoding is testable on machines without TensorRT.
 * CHAR fields are UTF-8, NUL-terminated in memory, with the length not counting the NUL.
 */
public record PluginFieldData(String name, PluginFieldType type, Pointer data, int length) {

    public static List<PluginFieldData> of(List<PluginField> fields, WeightArena arena) {
        List<PluginFieldData> out = new ArrayList<>(fields.size());
        for (PluginField f : fields) out.add(of(f, arena));
        return out;
    }

    public static PluginFieldData of(PluginField field, WeightArena arena) {
        if (field.name() == null || field.name().isEmpty()) throw new IllegalArgumentException("plugin field without a name");
        PluginFieldType type = TrtEnums.pluginField(field.type());
        return switch (field.type()) {
            case FLOAT32 -> new PluginFieldData(field.name(), type, arena.floats(field.floats()), field.floats().length);
            case INT32 -> new PluginFieldData(field.name(), type, arena.ints(field.ints()), field.ints().length);
            case CHAR -> {
                byte[] utf8 = field.chars().getBytes(StandardCharsets.UTF_8);
                yield new PluginFieldData(field.name(), type, arena.bytes(Arrays.copyOf(utf8, utf8.length + 1)), utf8.length);
            }
        };
    }
}
