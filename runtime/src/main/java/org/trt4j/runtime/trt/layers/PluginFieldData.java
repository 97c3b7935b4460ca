package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer.PluginFieldType;
import org.trt4j.runtime.graph.PluginField;
import org.trt4j.runtime.trt.TrtKeepAlive;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One plugin creator field in native memory: what a TensorRT {@code PluginField} points at, kept alive until the
 * build ends. Built without the TensorRT natives (PluginFieldType is a plain Java enum), so the encoding is testable
 * on machines without TensorRT. CHAR fields are UTF-8, NUL-terminated in memory, the length not counting the NUL.
 */
public record PluginFieldData(String name, PluginFieldType type, Pointer data, int length) {

    public static List<PluginFieldData> of(List<PluginField> fields, TrtKeepAlive keepAlive) {
        List<PluginFieldData> out = new ArrayList<>(fields.size());
        for (PluginField f : fields) out.add(of(f, keepAlive));
        return out;
    }

    public static PluginFieldData of(PluginField field, TrtKeepAlive keepAlive) {
        if (field.name() == null || field.name().isEmpty()) throw new IllegalArgumentException("plugin field without a name");
        PluginFieldType type = TrtEnums.pluginField(field.type());
        return switch (field.type()) {
            case FLOAT32 -> new PluginFieldData(field.name(), type, keepAlive.keep(array(field.floats())), field.floats().length);
            case INT32 -> new PluginFieldData(field.name(), type, keepAlive.keep(array(field.ints())), field.ints().length);
            case CHAR -> {
                byte[] utf8 = field.chars().getBytes(StandardCharsets.UTF_8);
                BytePointer text = keepAlive.keep(new BytePointer(utf8.length + 1L));
                text.put(Arrays.copyOf(utf8, utf8.length + 1));
                yield new PluginFieldData(field.name(), type, text, utf8.length);
            }
        };
    }

    // at least one element, so an empty field still has a valid address
    private static FloatPointer array(float[] v) { return new FloatPointer(Math.max(1, v.length)).put(v); }

    private static IntPointer array(int[] v) { return new IntPointer(Math.max(1, v.length)).put(v); }
}
