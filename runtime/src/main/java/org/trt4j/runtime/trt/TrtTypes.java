package org.trt4j.runtime.trt;

import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.DType;

/** Conversions between trt4j's types and TensorRT's DataType and Dims64. */
public final class TrtTypes {
    private TrtTypes() {}

    public static DataType dataType(DType t) {
        return switch (t) {
            case FLOAT -> DataType.kFLOAT;
            case HALF -> DataType.kHALF;
            case INT32 -> DataType.kINT32;
            case INT64 -> DataType.kINT64;
            case BOOL -> DataType.kBOOL;
        };
    }

    /** The trt4j type of a TensorRT DataType value; {@code what} names the tensor for the error. */
    public static DType dtype(int trtValue, String what) {
        if (trtValue == DataType.kFLOAT.value) return DType.FLOAT;
        if (trtValue == DataType.kHALF.value) return DType.HALF;
        if (trtValue == DataType.kINT32.value) return DType.INT32;
        if (trtValue == DataType.kINT64.value) return DType.INT64;
        if (trtValue == DataType.kBOOL.value) return DType.BOOL;
        String name = "value " + trtValue;
        for (DataType d : DataType.values()) if (d.value == trtValue) name = d.name();
        throw new UserError(what + " has TensorRT type " + name + ", which trt4j does not support (FLOAT, HALF, INT32, INT64, BOOL)");
    }

    public static Dims64 dims(int[] d) {
        if (d.length > Dims64.MAX_DIMS) throw new UserError("rank " + d.length + " exceeds TensorRT's maximum of " + Dims64.MAX_DIMS);
        Dims64 dims = new Dims64();
        fill(dims, d);
        return dims;
    }

    /** Overwrites {@code dims} in place (no allocation; for hot paths). */
    public static void fill(Dims64 dims, int[] d) {
        dims.nbDims(d.length);
        for (int i = 0; i < d.length; i++) dims.d(i, d[i]);
    }

    /** Dims as ints, -1 for dynamic; {@code what} names the tensor when TensorRT returned invalid dims. */
    public static int[] ints(Dims64 dims, String what) {
        int n = dims.nbDims();
        if (n < 0) throw new TrtException("TensorRT returned invalid dimensions for " + what);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = Math.toIntExact(dims.d(i));
        return out;
    }
}
