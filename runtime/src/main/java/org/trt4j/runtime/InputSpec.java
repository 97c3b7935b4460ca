package org.trt4j.runtime;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.trt.ShapeRange;

/**
 * A network input as a factory declares it: shape with dynamic (-1) dims, and the optimization-profile range
 * min/opt/max that TensorRT builds for (all equal to shape when it is static). opt is also the default shape for
 * running on the CPU.
 */
public record InputSpec(String name, DType dtype, Shape shape, Shape min, Shape opt, Shape max) {
    public InputSpec {
        for (Shape s : new Shape[]{min, opt, max}) {
            if (!s.isStatic() || s.rank() != shape.rank())
                throw new IllegalArgumentException("input " + name + ": profile shape " + s + " must be static with the rank of " + shape);
            for (int i = 0; i < shape.rank(); i++)
                if (shape.dim(i) != Shape.DYNAMIC && shape.dim(i) != s.dim(i))
                    throw new IllegalArgumentException("input " + name + ": profile shape " + s + " differs from " + shape + " in static dim " + i);
        }
        for (int i = 0; i < shape.rank(); i++)
            if (min.dim(i) > opt.dim(i) || opt.dim(i) > max.dim(i))
                throw new IllegalArgumentException("input " + name + ": profile needs min <= opt <= max, got " + min + " / " + opt + " / " + max);
    }

    /** The optimization-profile range TensorRT builds this input for. */
    public ShapeRange profile() { return new ShapeRange(min.dims(), opt.dims(), max.dims()); }

    public static InputSpec fixed(String name, DType dtype, Shape shape) { return new InputSpec(name, dtype, shape, shape, shape, shape); }

    public static InputSpec dynamic(String name, DType dtype, Shape shape, Shape min, Shape opt, Shape max) {
        return new InputSpec(name, dtype, shape, min, opt, max);
    }

    /** This input fixed to a user-given shape (e.g. --input-shape), which must fit the declared shape. */
    public InputSpec withShape(Shape given) {
        if (given.rank() != shape.rank())
            throw new UserError("input " + name + ": shape " + given + " has rank " + given.rank() + ", the network declares " + shape);
        for (int i = 0; i < shape.rank(); i++) {
            if (given.dim(i) == Shape.DYNAMIC) continue;
            if (shape.dim(i) != Shape.DYNAMIC && shape.dim(i) != given.dim(i))
                throw new UserError("input " + name + ": shape " + given + " differs from the declared " + shape + " in dim " + i);
        }
        if (!given.isStatic()) return new InputSpec(name, dtype, given, min, opt, max);
        return fixed(name, dtype, given);
    }
}
