package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer.PluginFieldType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One plugin creator field in native memory: what a TensorRT {@code PluginField} points at. Built from plain Java
 * values without touching the TensorRT natives (the PluginFieldType enum is plain Java), so the encoding is testable
 * on machines without TensorRT.
 */
public record PluginFieldData(String name, PluginFieldType type, Pointer data, int length) {

    /**
     * Encodes ordered Java field values: float[]/Float -> FLOAT32, double[]/Double -> FLOAT64, int[]/Integer and
     * Boolean (0/1) -> INT32, long[]/Long -> INT64, byte[] -> INT8, String -> CHAR (UTF-8, NUL-terminated in memory,
     * length without the NUL). Memory comes from, and lives as long as, the arena.
     */
    public static List<PluginFieldData> encode(Map<String, ?> fields, WeightArena arena) {
        List<PluginFieldData> out = new ArrayList<>(fields.size());
        for (Map.Entry<String, ?> e : fields.entrySet()) out.add(encode(e.getKey(), e.getValue(), arena));
        return out;
    }

    public static PluginFieldData encode(String name, Object value, WeightArena arena) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("plugin field without a name");
        if (value instanceof float[] v) return new PluginFieldData(name, PluginFieldType.kFLOAT32, arena.floats(v), v.length);
        if (value instanceof Float v) return encode(name, new float[] {v}, arena);
        if (value instanceof double[] v) return new PluginFieldData(name, PluginFieldType.kFLOAT64, arena.doubles(v), v.length);
        if (value instanceof Double v) return encode(name, new double[] {v}, arena);
        if (value instanceof int[] v) return new PluginFieldData(name, PluginFieldType.kINT32, arena.ints(v), v.length);
        if (value instanceof Integer v) return encode(name, new int[] {v}, arena);
        if (value instanceof Boolean v) return encode(name, new int[] {v ? 1 : 0}, arena);
        if (value instanceof long[] v) return new PluginFieldData(name, PluginFieldType.kINT64, arena.longs(v), v.length);
        if (value instanceof Long v) return encode(name, new long[] {v}, arena);
        if (value instanceof byte[] v) return new PluginFieldData(name, PluginFieldType.kINT8, arena.bytes(v), v.length);
        if (value instanceof String v) {
            byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
            byte[] terminated = java.util.Arrays.copyOf(utf8, utf8.length + 1);
            return new PluginFieldData(name, PluginFieldType.kCHAR, arena.bytes(terminated), utf8.length);
        }
        throw new IllegalArgumentException("plugin field '" + name + "' has unsupported value type "
                + (value == null ? "null" : value.getClass().getSimpleName())
                + " (use float[], double[], int[], long[], byte[], String or their scalars)");
    }
}
