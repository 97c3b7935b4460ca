package org.trt4j.runtime.graph;

import java.nio.charset.StandardCharsets;

/**
 * One serialized field of a plugin layer, as TensorRT's PluginField carries it: a name, a type and an array of
 * values. Exactly one of floats/ints/chars is set.
 */
public record PluginField(String name, Type type, float[] floats, int[] ints, String chars) {
    public enum Type { FLOAT32, INT32, CHAR }

    public static PluginField floats(String name, float... values) { return new PluginField(name, Type.FLOAT32, values.clone(), null, null); }

    public static PluginField ints(String name, int... values) { return new PluginField(name, Type.INT32, null, values.clone(), null); }

    public static PluginField chars(String name, String value) { return new PluginField(name, Type.CHAR, null, null, value); }

    /** Number of elements (characters for CHAR, without a terminator). */
    public int length() {
        return switch (type) {
            case FLOAT32 -> floats.length;
            case INT32 -> ints.length;
            case CHAR -> chars.getBytes(StandardCharsets.UTF_8).length;
        };
    }
}
