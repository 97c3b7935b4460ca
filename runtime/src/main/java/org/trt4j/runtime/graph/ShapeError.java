package org.trt4j.runtime.graph;

import org.trt4j.error.UserError;

/**
 * A shape or dtype that an op cannot accept. Ops throw it without a layer name; {@link Network} rethrows it prefixed
 * with the layer's module path, e.g. "backbone.layer1.0.conv1: Convolution input 1x64x56 has rank 3, expected 4".
 */
public class ShapeError extends UserError {
    public ShapeError(String message) { super(message); }
}
