package org.trt4j.runtime.graph;

import org.trt4j.error.UserError;

/** The weights do not fit the network: every missing key and every key with the wrong element count, listed. */
public class WeightCheckError extends UserError {
    public WeightCheckError(String message) { super(message); }
}
