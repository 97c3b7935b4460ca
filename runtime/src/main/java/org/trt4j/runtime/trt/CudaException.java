package org.trt4j.runtime.trt;

/** A CUDA runtime call failed; the message names the call and CUDA's error string. */
public final class CudaException extends RuntimeException {
    public CudaException(String message) { super(message); }
}
