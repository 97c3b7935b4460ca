package org.trt4j.weights.darknet;

import org.trt4j.error.UserError;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@code [type]} section of a Darknet cfg with its options in file order. As in Darknet, the first occurrence
 * of a repeated key wins. Typed getters fail with a UserError naming the file and line.
 */
public final class CfgSection {
    private final String source;
    private final String type;
    private final int index;
    private final int line;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Map<String, Integer> optionLines = new LinkedHashMap<>();

    CfgSection(String source, String type, int index, int line) {
        this.source = source;
        this.type = type;
        this.index = index;
        this.line = line;
    }

    void put(String key, String value, int lineNo) {
        options.putIfAbsent(key, value);
        optionLines.putIfAbsent(key, lineNo);
    }

    /** Section name in lower case: net, convolutional, route, shortcut, upsample, yolo, maxpool, ... */
    public String type() { return type; }

    /** Layer index ([net] excluded, so the first layer is 0; [net] itself is -1). */
    public int index() { return index; }

    /** Line of the section header. */
    public int line() { return line; }

    public Map<String, String> options() { return Collections.unmodifiableMap(options); }

    public Set<String> keys() { return options().keySet(); }

    public boolean has(String key) { return options.containsKey(key); }

    /** Line of an option, or of the section header when the option is absent. */
    public int lineOf(String key) { return optionLines.getOrDefault(key, line); }

    public String getString(String key, String fallback) { return options.getOrDefault(key, fallback); }

    public String requireString(String key) {
        String v = options.get(key);
        if (v == null) throw missing(key);
        return v;
    }

    public int getInt(String key, int fallback) { return has(key) ? requireInt(key) : fallback; }

    public int requireInt(String key) {
        String v = requireString(key);
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer");
        }
    }

    public float getFloat(String key, float fallback) { return has(key) ? requireFloat(key) : fallback; }

    public float requireFloat(String key) {
        String v = requireString(key);
        try {
            return Float.parseFloat(v.strip());
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number");
        }
    }

    /** A comma-separated integer list ({@code layers=-1, 61}, {@code mask=6,7,8}). */
    public int[] requireIntList(String key) {
        String v = requireString(key);
        try {
            return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw bad(key, v, "a comma-separated list of integers");
        }
    }

    public int[] getIntList(String key, int... fallback) { return has(key) ? requireIntList(key) : fallback.clone(); }

    /** A comma-separated number list ({@code anchors = 10,13,  16,30, ...}). */
    public float[] requireFloatList(String key) {
        String v = requireString(key);
        String[] parts = Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new);
        float[] out = new float[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) out[i] = Float.parseFloat(parts[i]);
        } catch (NumberFormatException e) {
            throw bad(key, v, "a comma-separated list of numbers");
        }
        return out;
    }

    /** {@code activation=leaky|linear|mish|...}; Darknet's default is linear. */
    public String activation() { return getString("activation", "linear"); }

    private UserError missing(String key) {
        return new UserError(where(line) + ": [" + type + "] " + describe() + "has no '" + key + "' option");
    }

    private UserError bad(String key, String value, String expected) {
        return new UserError(where(lineOf(key)) + ": [" + type + "] " + describe() + key + "=" + value + " is not " + expected);
    }

    private String describe() { return index >= 0 ? "layer " + index + " " : ""; }

    private String where(int atLine) { return source + ":" + atLine; }

    @Override public String toString() { return "[" + type + "] #" + index + " " + options; }
}
