package org.trt4j.plugins;

import org.trt4j.runtime.cpu.kernels.GridSampling;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.ShapeError;
import org.trt4j.runtime.tensor.HostTensor;

/**
 * Grid sampling with the semantics of {@code torch.nn.functional.grid_sample} on 4-D inputs: input N×C×H×W, grid
 * N×Hg×Wg×2 (x then y, normalized to [-1, 1]) → output N×C×Hg×Wg. This class is the CPU reference of the
 * {@code trt4j::GridSample} plugin; the arithmetic (its CUDA kernel's, operation for operation, in float32) is the
 * runtime's {@link GridSampling}, which the IR's native GridSample op shares.
 */
public final class GridSample {

    /** Interpolation; the ordinal is the plugin's {@code interpolation_mode} field value. */
    public enum Mode { BILINEAR, NEAREST }

    /** Padding for points outside the input; the ordinal is the plugin's {@code padding_mode} field value. */
    public enum Padding { ZEROS, BORDER, REFLECTION }

    private GridSample() {}

    /** Output shape N×C×Hg×Wg ({@link Shape#DYNAMIC} dims allowed); a ShapeError when the shapes do not fit. */
    public static Shape outputShape(Shape input, Shape grid) {
        boolean batchMismatch = input.rank() == 4 && grid.rank() == 4 && input.dim(0) != grid.dim(0)
                && input.dim(0) != Shape.DYNAMIC && grid.dim(0) != Shape.DYNAMIC;
        if (input.rank() != 4 || grid.rank() != 4 || grid.dim(3) != 2 || batchMismatch)
            throw new ShapeError("GridSample needs input N x C x H x W and grid N x Hg x Wg x 2, got input " + input
                    + " and grid " + grid);
        return Shape.of(input.dim(0), input.dim(1), grid.dim(1), grid.dim(2));
    }

    /** Samples {@code input} at {@code grid}; the output has the input's dtype (HALF values rounded to binary16). */
    public static HostTensor apply(HostTensor input, HostTensor grid, Mode mode, Padding padding, boolean alignCorners) {
        outputShape(input.staticShape(), grid.staticShape());
        return GridSampling.apply(input, grid, mode == Mode.NEAREST, GridSampling.Padding.valueOf(padding.name()), alignCorners);
    }
}
