package org.trt4j.runtime.trt.layers;

/** TensorRT 10 limits the translation checks before calling into the natives. */
final class TrtLimits {
    private TrtLimits() {}

    /** Dims64::MAX_DIMS; a constant here because reading Dims64.MAX_DIMS loads the TensorRT natives. */
    static final int MAX_DIMS = 8;
}
