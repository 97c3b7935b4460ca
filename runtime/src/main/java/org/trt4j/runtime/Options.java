package org.trt4j.runtime;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Shape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A factory's option values: the defaults of its {@link OptionSpec}s overridden by the user's key=value pairs. */
public final class Options {
    private final Map<String, String> values;

    private Options(Map<String, String> values) { this.values = values; }

    /** Checks keys against specs (unknown keys are an error listing the known ones) and fills in defaults. */
    public static Options of(String network, List<OptionSpec> specs, Map<String, String> given) {
        Map<String, String> v = new LinkedHashMap<>();
        for (OptionSpec s : specs) v.put(s.key(), s.defaultValue());
        for (var e : given.entrySet()) {
            if (!v.containsKey(e.getKey()))
                throw new UserError("network " + network + " has no option '" + e.getKey() + "'; options: "
                        + (specs.isEmpty() ? "none" : String.join(", ", specs.stream().map(s -> s.key() + "=" + s.defaultValue()).toList())));
            v.put(e.getKey(), e.getValue());
        }
        return new Options(v);
    }

    /** Parses "key=value" strings (the CLI's --option arguments). */
    public static Map<String, String> parseAssignments(List<String> assignments) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) throw new UserError("option '" + a + "' is not key=value");
            m.put(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
        }
        return m;
    }

    public Map<String, String> asMap() { return Map.copyOf(values); }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) throw new IllegalArgumentException("option '" + key + "' is not declared by the network factory");
        return v;
    }

    public int integer(String key) {
        String v = string(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UserError("option " + key + "=" + v + " is not an integer");
        }
    }

    public float real(String key) {
        String v = string(key);
        try {
            return Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new UserError("option " + key + "=" + v + " is not a number");
        }
    }

    public boolean flag(String key) {
        String v = string(key);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw new UserError("option " + key + "=" + v + " is not true or false");
    }

    /** An image-size option "HxW" as the shape {@code 1 x channels x H x W}; each side at least {@code minSide}. */
    public Shape imageShape(String key, int channels, int minSide) {
        String v = string(key);
        Shape hw;
        try {
            hw = Shape.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UserError("option " + key + "=" + v + ": " + e.getMessage());
        }
        if (hw.rank() != 2 || !hw.isStatic() || hw.dim(0) < minSide || hw.dim(1) < minSide)
            throw new UserError("option " + key + "=" + v + " must be HxW with each side >= " + minSide + ", e.g. 256x256");
        return Shape.of(1, channels, hw.dim(0), hw.dim(1));
    }

    @Override public String toString() { return values.toString(); }
}
