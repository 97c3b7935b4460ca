package org.trt4j.runtime.trt.layers;

import org.bytedeco.tensorrt.nvinfer.Permutation;

/** TensorRT Permutation values (copied by value by the shuffle layer). */
final class TrtPermutation {
    private TrtPermutation() {}

    static Permutation of(int... order) {
        if (order.length > TrtLimits.MAX_DIMS)
            throw new IllegalArgumentException("permutation of rank " + order.length + " exceeds TensorRT's " + TrtLimits.MAX_DIMS + " dimensions");
        Permutation p = new Permutation();
        // TensorRT reads all MAX_DIMS entries: the tail is the identity
        for (int i = 0; i < TrtLimits.MAX_DIMS; i++) p.order(i, i < order.length ? order[i] : i);
        return p;
    }
}
