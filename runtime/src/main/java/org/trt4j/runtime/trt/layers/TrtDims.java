package org.trt4j.runtime.trt.layers;

import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.Permutation;
import org.trt4j.runtime.graph.Shape;

import java.util.Arrays;

/** Dims64 and Permutation values (TensorRT copies them by value, so these are short-lived). Loads the natives. */
public final class TrtDims {
    private TrtDims() {}

    public static Dims64 of(long... dims) {
        checkRank(dims.length);
        Dims64 d = new Dims64();
        d.nbDims(dims.length);
        for (int i = 0; i < dims.length; i++) d.d(i, dims[i]);
        return d;
    }

    public static Dims64 of(int... dims) { return of(Arrays.stream(dims).asLongStream().toArray()); }

    /** IR shape to TensorRT dims; dynamic dimensions stay -1. */
    public static Dims64 of(Shape shape) { return of(shape.dims()); }

    public static long[] toArray(Dims64 d) {
        long[] out = new long[d.nbDims()];
        for (int i = 0; i < out.length; i++) out[i] = d.d(i);
        return out;
    }

    public static Permutation permutation(int... order) {
        checkRank(order.length);
        Permutation p = new Permutation();
        // TensorRT reads all MAX_DIMS entries: the tail is the identity
        for (int i = 0; i < TrtLimits.MAX_DIMS; i++) p.order(i, i < order.length ? order[i] : i);
        return p;
    }

    static void checkRank(int rank) {
        if (rank > TrtLimits.MAX_DIMS)
            throw new IllegalArgumentException("rank " + rank + " exceeds TensorRT's maximum of " + TrtLimits.MAX_DIMS + " dimensions");
    }
}
