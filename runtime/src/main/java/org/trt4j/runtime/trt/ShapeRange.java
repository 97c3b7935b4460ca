package org.trt4j.runtime.trt;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Shape;

import java.util.Arrays;

/**
 * An optimization-profile range for one input: min, opt and max dimensions (or, for shape-tensor inputs, min, opt
 * and max values). Written "1x3x64x64:1x3x256x256:1x3x512x512" on the command line.
 */
public record ShapeRange(int[] min, int[] opt, int[] max) {

    public ShapeRange {
        if (min.length != opt.length || opt.length != max.length)
            throw new UserError("profile " + text(min, opt, max) + ": min, opt and max must have the same rank");
        for (int i = 0; i < min.length; i++) {
            if (min[i] < 0) throw new UserError("profile " + text(min, opt, max) + ": dimensions must be known (no ? or -1)");
            if (min[i] > opt[i] || opt[i] > max[i])
                throw new UserError("profile " + text(min, opt, max) + ": needs min <= opt <= max in every dimension (dimension " + i + ")");
        }
        min = min.clone();
        opt = opt.clone();
        max = max.clone();
    }

    /** One fixed shape: min = opt = max. */
    public static ShapeRange fixed(int... dims) { return new ShapeRange(dims, dims, dims); }

    /** "MIN:OPT:MAX" with each part like 1x3x64x64; a single shape means min = opt = max. */
    public static ShapeRange parse(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 1 && parts.length != 3)
            throw new UserError("bad profile '" + text + "': expected MIN:OPT:MAX, e.g. 1x3x64x64:1x3x256x256:1x3x512x512");
        try {
            if (parts.length == 1) return fixed(Shape.parse(parts[0]).dims());
            return new ShapeRange(Shape.parse(parts[0]).dims(), Shape.parse(parts[1]).dims(), Shape.parse(parts[2]).dims());
        } catch (IllegalArgumentException e) {
            throw new UserError("bad profile '" + text + "': " + e.getMessage());
        }
    }

    @JsonIgnore
    public int rank() { return min.length; }

    @JsonIgnore
    public boolean isFixed() { return Arrays.equals(min, max); }

    /** Whether {@code dims} lies inside the range in every dimension. */
    public boolean contains(int[] dims) {
        if (dims.length != min.length) return false;
        for (int i = 0; i < dims.length; i++) if (dims[i] < min[i] || dims[i] > max[i]) return false;
        return true;
    }

    @Override public int[] min() { return min.clone(); }
    @Override public int[] opt() { return opt.clone(); }
    @Override public int[] max() { return max.clone(); }

    @Override public boolean equals(Object o) {
        return o instanceof ShapeRange r && Arrays.equals(min, r.min) && Arrays.equals(opt, r.opt) && Arrays.equals(max, r.max);
    }

    @Override public int hashCode() { return Arrays.hashCode(min) * 961 + Arrays.hashCode(opt) * 31 + Arrays.hashCode(max); }

    @Override public String toString() { return text(min, opt, max); }

    private static String text(int[] min, int[] opt, int[] max) {
        return Shape.of(min) + ":" + Shape.of(opt) + ":" + Shape.of(max);
    }
}
