package org.trt4j.runtime.trt;

/** A TensorRT call failed for a reason that is not the user's input (null result, refused setting); quotes TensorRT's log. */
public final class TrtException extends RuntimeException {
    public TrtException(String message) { super(message); }
}
