package org.trt4j.runtime.trt.layers;

import java.util.Arrays;

/** TensorRT's axis bitmasks (reduce, softmax, top-k): bit i set means axis i. Pure Java, no natives. */
public final class AxisMask {
    private AxisMask() {}

    /** Bitmask of the given axes of a rank-{@code rank} tensor; negative axes count from the end. */
    public static int of(int rank, int... axes) {
        if (rank < 0 || rank > TrtLimits.MAX_DIMS)
            throw new IllegalArgumentException("rank " + rank + " is outside TensorRT's 0.." + TrtLimits.MAX_DIMS);
        if (axes.length == 0) throw new IllegalArgumentException("no axes given for a rank-" + rank + " tensor");
        int mask = 0;
        for (int axis : axes) {
            int a = normalize(axis, rank);
            if ((mask & (1 << a)) != 0)
                throw new IllegalArgumentException("axis " + axis + " repeated in " + Arrays.toString(axes));
            mask |= 1 << a;
        }
        return mask;
    }

    /** Axis in 0..rank-1; negative axes count from the end. */
    public static int normalize(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new IllegalArgumentException("axis " + axis + " is out of range for a rank-" + rank + " tensor");
        return a;
    }
}
