package org.trt4j.runtime.trt;

import org.trt4j.error.UserError;

/** TensorRT or the CUDA runtime cannot be loaded here (no libraries, no driver, no GPU); the message says why. */
public final class TensorRtUnavailableError extends UserError {
    public TensorRtUnavailableError(String reason) { super("TensorRT not available: " + reason); }
}
