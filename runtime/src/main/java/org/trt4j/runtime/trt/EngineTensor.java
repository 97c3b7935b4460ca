package org.trt4j.runtime.trt;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Shape;

/**
 * One engine input or output: name, element type, shape (-1 for dynamic dimensions), and for inputs the
 * optimization-profile range of its shape; shape-tensor inputs (host-side values that drive output shapes) carry
 * the range of their values instead.
 *
 * @param profile      shape range of a dynamic input, else null
 * @param valueProfile value range of a shape-tensor input, else null
 */
public record EngineTensor(String name, DType dtype, int[] shape, boolean input, boolean shapeTensor,
                           ShapeRange profile, ShapeRange valueProfile) {

    public EngineTensor {
        shape = shape.clone();
    }

    @Override public int[] shape() { return shape.clone(); }

    @JsonIgnore
    public boolean isDynamic() { return !Shape.of(shape).isStatic(); }

    /** "images: FLOAT 1x3x?x? (profile 1x3x64x64:1x3x256x256:1x3x512x512)" */
    @JsonIgnore
    public String describe() {
        StringBuilder b = new StringBuilder(name).append(": ").append(dtype).append(' ').append(Shape.of(shape));
        if (shapeTensor) b.append(" shape tensor");
        if (profile != null) b.append(" (profile ").append(profile).append(')');
        if (valueProfile != null) b.append(" (values ").append(valueProfile).append(')');
        return b.toString();
    }
}
