package org.trt4j.runtime.trt;

import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.Half;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * A dense, C-order tensor in device memory that this object owns (one cudaMalloc, freed once by {@link #close()}).
 * Bind it to an engine input or output with {@link ExecutionSession#bind} to keep data on the GPU between runs, e.g.
 * a recurrent network's state. Its own copies ({@link #upload}, {@link #download}, {@link #fillZeros}) are synchronous:
 * call them between runs, not during one. Using a closed tensor throws {@link IllegalStateException}.
 */
public final class DeviceTensor implements AutoCloseable {
    private final DType dtype;
    private final int[] shape;
    private final long bytes;
    private Pointer device;

    private DeviceTensor(DType dtype, int[] shape) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.bytes = BindingRules.byteSize(dtype, this.shape);
        this.device = Cuda.malloc(bytes, "device tensor " + this);
    }

    /** Uninitialised device memory of this type and shape. */
    public static DeviceTensor allocate(DType dtype, int... shape) { return new DeviceTensor(dtype, shape); }

    /** Device memory set to zero (all-zero bytes are 0 in every DType). */
    public static DeviceTensor zeros(DType dtype, int... shape) {
        DeviceTensor t = new DeviceTensor(dtype, shape);
        try {
            t.fillZeros();
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** A new device tensor holding the host tensor's values (floating host values as {@code dtype} FLOAT or HALF). */
    public static DeviceTensor upload(DType dtype, HostTensor host) {
        DeviceTensor t = new DeviceTensor(dtype, host.shape());
        try {
            t.copyFrom(host);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    public DType dtype() { return dtype; }

    public int[] shape() { return shape.clone(); }

    /** Bytes of device memory the values take. */
    public long byteSize() { return bytes; }

    public boolean isClosed() { return device == null; }

    /** Overwrites the values with the host tensor's: same shape, floating to FLOAT/HALF, integers to INT32/INT64/BOOL. */
    public DeviceTensor copyFrom(HostTensor host) {
        Pointer address = address();
        BindingRules.checkHostCopy(dtype, shape, host);
        try (BytePointer staging = new BytePointer(Math.max(bytes, 1))) {
            int n = host.size();
            switch (dtype) {
                case FLOAT -> new FloatPointer(staging).put(host.floats(), 0, n);
                case HALF -> {
                    ShortPointer p = new ShortPointer(staging);
                    for (int i = 0; i < n; i++) p.put(i, Half.fromFloat(host.floats()[i]));
                }
                case INT32 -> new IntPointer(staging).put(host.ints(), 0, n);
                case INT64 -> {
                    LongPointer p = new LongPointer(staging);
                    for (int i = 0; i < n; i++) p.put(i, host.ints()[i]);
                }
                case BOOL -> {
                    for (int i = 0; i < n; i++) staging.put(i, (byte) (host.ints()[i] != 0 ? 1 : 0));
                }
            }
            if (bytes > 0) Cuda.check(cudaMemcpy(address, staging, bytes, cudaMemcpyHostToDevice), "cudaMemcpy to device tensor " + this);
            waitForCopies();
        }
        return this;
    }

    /** The values as a host tensor: FLOAT and HALF as FLOAT, INT32 and INT64 as INT32 (INT64 must fit), BOOL as 0/1. */
    public HostTensor download() {
        Pointer address = address();
        int n = Math.toIntExact(Shape.of(shape).volume());
        try (BytePointer staging = new BytePointer(Math.max(bytes, 1))) {
            if (bytes > 0) Cuda.check(cudaMemcpy(staging, address, bytes, cudaMemcpyDeviceToHost), "cudaMemcpy from device tensor " + this);
            return switch (dtype) {
                case FLOAT -> {
                    float[] f = new float[n];
                    new FloatPointer(staging).get(f, 0, n);
                    yield HostTensor.of(f, shape);
                }
                case HALF -> {
                    float[] f = new float[n];
                    ShortPointer p = new ShortPointer(staging);
                    for (int i = 0; i < n; i++) f[i] = Half.toFloat(p.get(i));
                    yield HostTensor.of(f, shape);
                }
                case INT32 -> {
                    int[] v = new int[n];
                    new IntPointer(staging).get(v, 0, n);
                    yield HostTensor.ofInts(v, shape);
                }
                case INT64 -> {
                    int[] v = new int[n];
                    LongPointer p = new LongPointer(staging);
                    for (int i = 0; i < n; i++) v[i] = Math.toIntExact(p.get(i));
                    yield HostTensor.ofInts(v, shape);
                }
                case BOOL -> {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) v[i] = staging.get(i) != 0 ? 1 : 0;
                    yield new HostTensor(DType.BOOL, shape.clone(), null, v);
                }
            };
        }
    }

    /** Sets every byte to zero (cudaMemset). */
    public DeviceTensor fillZeros() {
        Pointer address = address();
        if (bytes > 0) Cuda.check(cudaMemset(address, 0, bytes), "cudaMemset of device tensor " + this);
        waitForCopies();
        return this;
    }

    /** The device address, for the session; throws once closed. */
    Pointer address() {
        if (device == null) throw new IllegalStateException("device tensor " + this + " is closed");
        return device;
    }

    /**
     * cudaMemcpy from pageable memory and cudaMemset may return before the device has the values, on the legacy
     * default stream; sessions run on their own non-blocking streams, so wait here.
     */
    private void waitForCopies() {
        Cuda.check(cudaStreamSynchronize((CUstream_st) null), "cudaStreamSynchronize (device tensor " + this + ")");
    }

    /** Frees the device memory once; later calls do nothing. */
    @Override public void close() {
        if (device == null) return;
        Pointer p = device;
        device = null;
        Cuda.free(p);
    }

    @Override public String toString() { return dtype + " " + Shape.of(shape); }
}
