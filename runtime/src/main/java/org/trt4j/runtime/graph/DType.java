package org.trt4j.runtime.graph;

/** Element types of network tensors (the subset of TensorRT's DataType that trt4j networks use). */
public enum DType {
    FLOAT(4), HALF(2), INT32(4), INT64(8), BOOL(1);

    private final int bytes;

    DType(int bytes) { this.bytes = bytes; }

    public int bytes() { return bytes; }

    public boolean isFloating() { return this == FLOAT || this == HALF; }
}
