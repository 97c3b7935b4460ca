package org.trt4j.runtime.trt;

import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

import static org.bytedeco.cuda.global.cudart.*;

/** Thin, checked wrappers over the CUDA runtime calls trt4j uses: every non-success code becomes a {@link CudaException}. */
public final class Cuda {
    private Cuda() {}

    /** The GPU this process runs on: name and compute capability ("9.0"). */
    public record Device(int index, String name, String computeCapability, long totalMemoryBytes) {}

    public static void check(int code, String call) {
        if (code != cudaSuccess) throw new CudaException(call + " failed: " + errorString(code) + " (cudaError " + code + ")");
    }

    public static String errorString(int code) {
        BytePointer s = cudaGetErrorString(code);
        return s == null || s.isNull() ? "unknown CUDA error" : s.getString();
    }

    /** Device memory of at least one byte (TensorRT rejects null tensor addresses, even for empty tensors). */
    public static Pointer malloc(long bytes, String purpose) {
        Pointer p = new Pointer();
        check(cudaMalloc(p, Math.max(bytes, 1)), "cudaMalloc(" + bytes + " bytes, " + purpose + ")");
        return p;
    }

    /** Page-locked host memory, so async copies really are async and fast. */
    public static Pointer mallocHost(long bytes, String purpose) {
        Pointer p = new Pointer();
        check(cudaMallocHost(p, Math.max(bytes, 1)), "cudaMallocHost(" + bytes + " bytes, " + purpose + ")");
        return p;
    }

    public static void free(Pointer device) {
        if (device != null && !device.isNull()) check(cudaFree(device), "cudaFree");
    }

    public static void freeHost(Pointer host) {
        if (host != null && !host.isNull()) check(cudaFreeHost(host), "cudaFreeHost");
    }

    public static CUstream_st createStream() {
        CUstream_st stream = new CUstream_st();
        check(cudaStreamCreateWithFlags(stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
        return stream;
    }

    public static CUevent_st createEvent() {
        CUevent_st event = new CUevent_st();
        check(cudaEventCreateWithFlags(event, cudaEventDefault), "cudaEventCreateWithFlags");
        return event;
    }

    /** {free, total} device memory in bytes. */
    public static long[] memoryInfo() {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            check(cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return new long[] {free.get(), total.get()};
        }
    }

    public static Device currentDevice() {
        int[] index = new int[1];
        check(cudaGetDevice(index), "cudaGetDevice");
        try (cudaDeviceProp prop = new cudaDeviceProp()) {
            check(cudaGetDeviceProperties(prop, index[0]), "cudaGetDeviceProperties");
            return new Device(index[0], prop.name().getString(), prop.major() + "." + prop.minor(), prop.totalGlobalMem());
        }
    }
}
