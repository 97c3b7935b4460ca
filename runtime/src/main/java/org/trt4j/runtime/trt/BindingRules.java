package org.trt4j.runtime.trt;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Arrays;

/**
 * The checks behind {@link ExecutionSession#setInputShape}, {@link ExecutionSession#bind} and {@link DeviceTensor}'s
 * copies, kept free of CUDA so they are tested without a GPU. Each failure is one {@link UserError} naming the tensor
 * and the shapes.
 */
final class BindingRules {
    private BindingRules() {}

    /** Bytes of a dense tensor; rejects negative dimensions and sizes past a long. */
    static long byteSize(DType dtype, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new UserError("a device tensor needs a static shape, got " + text(shape));
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new UserError("device tensor " + dtype + " " + Shape.of(shape) + " is too large");
            }
        }
        try {
            return Math.multiplyExact(n, dtype.bytes());
        } catch (ArithmeticException e) {
            throw new UserError("device tensor " + dtype + " " + Shape.of(shape) + " is too large");
        }
    }

    /** A shape for an input: its rank, its fixed dimensions, and the engine's profile range. */
    static void checkInputShape(EngineTensor spec, int[] dims) {
        String name = spec.name();
        int[] declared = spec.shape();
        if (dims.length != declared.length)
            throw new UserError("input '" + name + "' has rank " + declared.length + " (" + Shape.of(declared) + "), got shape " + text(dims));
        for (int i = 0; i < dims.length; i++)
            if (declared[i] >= 0 && dims[i] != declared[i])
                throw new UserError("input '" + name + "' has shape " + Shape.of(declared) + ": dimension " + i + " is fixed at " + declared[i]
                        + ", got " + text(dims));
        for (int d : dims)
            if (d < 0) throw new UserError("input '" + name + "' needs a static shape, got " + text(dims));
        if (spec.profile() != null && !spec.profile().contains(dims))
            throw new UserError("input '" + name + "' shape " + Shape.of(dims) + " is outside the engine's profile "
                    + Shape.of(spec.profile().min()) + " .. " + Shape.of(spec.profile().max()));
    }

    /**
     * A device tensor for an engine input or output: same dtype (device data is not converted), not a shape tensor,
     * and a shape the tensor can take: for inputs {@link #checkInputShape}; for outputs the rank and fixed dimensions
     * (dynamic ones are compared with the resolved shape before the run, {@link #checkResolvedOutput}).
     */
    static void checkBindable(EngineTensor spec, DType dtype, int[] shape) {
        String label = label(spec);
        if (spec.shapeTensor())
            throw new UserError(label + " is a shape tensor (host values): it cannot be bound to a device tensor");
        if (dtype != spec.dtype())
            throw new UserError(label + " has type " + spec.dtype() + " " + Shape.of(spec.shape()) + ", got a device tensor of type "
                    + dtype + " " + Shape.of(shape));
        if (spec.input()) {
            checkInputShape(spec, shape);
            return;
        }
        int[] declared = spec.shape();
        boolean fits = declared.length == shape.length;
        for (int i = 0; fits && i < declared.length; i++) fits = declared[i] < 0 || declared[i] == shape[i];
        if (!fits)
            throw new UserError(label + " has shape " + Shape.of(declared) + ", got a device tensor of shape " + Shape.of(shape));
    }

    /** A bound output's tensor must have exactly the shape TensorRT resolved for this run. */
    static void checkResolvedOutput(EngineTensor spec, int[] resolved, int[] bound) {
        if (!Arrays.equals(resolved, bound))
            throw new UserError(label(spec) + " has shape " + Shape.of(resolved) + " for the current inputs, but its bound device tensor has shape "
                    + Shape.of(bound) + ": bind a tensor of that shape");
    }

    /** A host tensor copied to or from a device tensor: same shape, floating to floating, integer to integer. */
    static void checkHostCopy(DType deviceType, int[] deviceShape, HostTensor host) {
        if (!Arrays.equals(deviceShape, host.shape()))
            throw new UserError("device tensor " + deviceType + " " + Shape.of(deviceShape) + " cannot take a host tensor of shape "
                    + Shape.of(host.shape()));
        if (deviceType.isFloating() != host.dtype().isFloating())
            throw new UserError("device tensor " + deviceType + " " + Shape.of(deviceShape) + " cannot take a host tensor of type " + host.dtype()
                    + (deviceType.isFloating() ? " (give float values)" : " (give integer values)"));
    }

    /** Shape text like 1x8x?x?, or the raw numbers for dimensions below -1 (which Shape rejects). */
    private static String text(int[] dims) {
        for (int d : dims) if (d < -1) return Arrays.toString(dims);
        return Shape.of(dims).toString();
    }

    static String label(EngineTensor spec) { return (spec.input() ? "input '" : "output '") + spec.name() + "'"; }
}
