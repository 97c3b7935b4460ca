package org.trt4j.runtime.trt.layers;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.trt.ShapeRange;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * One small network fragment checked through TensorRT against the CPU backend: its inputs and a body that adds the
 * layers (inside a name scope = the case name) and returns the tensors to compare. {@code tolerance} bounds
 * |trt - cpu| / max(1, |cpu|) for floating outputs; integer and BOOL outputs must match exactly.
 */
record OpCase(String name, List<Input> inputs, Function<List<Tensor>, List<Tensor>> body, double tolerance) {

    static OpCase of(String name, List<Input> inputs, Function<List<Tensor>, List<Tensor>> body) {
        return new OpCase(name, inputs, body, 1e-4);
    }

    OpCase withTolerance(double t) { return new OpCase(name, inputs, body, t); }

    /**
     * A case input: declared IR shape (may be dynamic), one run shape (or shape-tensor values) per run, and the value
     * range of its random values. {@code profile} is the TensorRT shape (or value) range for dynamic inputs.
     */
    record Input(DType dtype, Shape declared, int[][] runShapes, double low, double high, boolean integral, int[][] shapeValues,
                 ShapeRange profile) {

        /** Static float input, uniform in [-1, 1). */
        static Input floats(int... shape) { return floatsIn(-1, 1, shape); }

        static Input floatsIn(double low, double high, int... shape) {
            return new Input(DType.FLOAT, Shape.of(shape), new int[][] {shape}, low, high, false, null, null);
        }

        /** Float input holding whole numbers in [low, high] (for casts and rounding ops). */
        static Input wholeFloats(int low, int high, int... shape) {
            return new Input(DType.FLOAT, Shape.of(shape), new int[][] {shape}, low, high, true, null, null);
        }

        static Input ints(DType dtype, int low, int high, int... shape) {
            return new Input(dtype, Shape.of(shape), new int[][] {shape}, low, high, true, null, null);
        }

        /** Dynamic float input: declared shape with -1s, the profile, and the shapes to run. */
        static Input dynamicFloats(Shape declared, ShapeRange profile, int[]... runShapes) {
            return new Input(DType.FLOAT, declared, runShapes, -1, 1, false, null, profile);
        }

        /** A 1-D INT64 shape-tensor input (an engine input whose values set shapes), one value set per run. */
        static Input shapeTensor(ShapeRange valueRange, int[]... values) {
            return new Input(DType.INT64, Shape.of(values[0].length), null, 0, 0, true, values, valueRange);
        }

        boolean isShapeTensor() { return shapeValues != null; }

        int runs() { return isShapeTensor() ? shapeValues.length : runShapes.length; }

        /** The value for run r (the last run shape repeats when the group has more runs than this input). */
        HostTensor value(int run, Random random) {
            if (isShapeTensor()) {
                int[] v = shapeValues[Math.min(run, shapeValues.length - 1)];
                return new HostTensor(DType.INT64, new int[] {v.length}, null, v.clone());
            }
            int[] shape = runShapes[Math.min(run, runShapes.length - 1)];
            int n = Math.toIntExact(Shape.of(shape).volume());
            if (dtype.isFloating()) {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    double u = integral ? Math.floor(low + random.nextDouble() * (high - low + 1)) : low + random.nextDouble() * (high - low);
                    f[i] = (float) u;
                }
                return new HostTensor(DType.FLOAT, shape.clone(), f, null);
            }
            int[] v = new int[n];
            for (int i = 0; i < n; i++) v[i] = (int) low + random.nextInt((int) (high - low) + 1);
            return new HostTensor(dtype, shape.clone(), null, v);
        }

        @Override public String toString() {
            return dtype + " " + declared + (isShapeTensor() ? " values " + Arrays.deepToString(shapeValues) : "");
        }
    }
}
