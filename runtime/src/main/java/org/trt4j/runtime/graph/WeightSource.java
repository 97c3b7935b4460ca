package org.trt4j.runtime.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named float weights as a {@code .wts} file holds them (name → values, no shapes): what a network definition reads
 * through {@link WeightBinding}. Adapt the weights module's WeightMap with a lambda-free wrapper or {@link #of(Map)}.
 */
public interface WeightSource {
    /** All keys, in file order. */
    Set<String> keys();

    /** The values of key, or null when absent. */
    float[] values(String key);

    /** Where the weights came from, for messages (a file path). */
    default String origin() { return "weights"; }

    static WeightSource of(Map<String, float[]> map) {
        Map<String, float[]> copy = new LinkedHashMap<>(map);
        return new WeightSource() {
            @Override public Set<String> keys() { return copy.keySet(); }
            @Override public float[] values(String key) { return copy.get(key); }
        };
    }

    static WeightSource empty() { return of(Map.of()); }
}
