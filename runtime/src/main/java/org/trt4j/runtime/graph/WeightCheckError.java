package org.trt4j.runtime.graph;

import org.trt4j.error.UserError;

import java.util.Map;

/**
 * The weights do not fit the network. The message summarizes (the first keys of each list, then how many more);
 * {@link #missingKeys()} holds every missing key with its expected shape.
 */
public class WeightCheckError extends UserError {
    private final Map<String, Shape> missing;

    public WeightCheckError(String message, Map<String, Shape> missing) {
        super(message);
        this.missing = Map.copyOf(missing);
    }

    /** Every key the network asked for and the weights lack, with the shape expected (unordered). */
    public Map<String, Shape> missingKeys() { return missing; }
}
