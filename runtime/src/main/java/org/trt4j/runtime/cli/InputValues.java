package org.trt4j.runtime.cli;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Input values from the command line: {@code NAME=file.npy}, {@code NAME=random} (seeded), or {@code NAME=64,64} (integers). */
final class InputValues {
    private final Map<String, String> given;
    private final long seed;

    InputValues(List<String> inputs, long seed) {
        this.given = BuildArgs.assignments(inputs, "--input");
        this.seed = seed;
    }

    /** Names given with --input that are not among {@code known}: an error listing the known ones. */
    void checkNames(List<String> known) {
        for (String n : given.keySet())
            if (!known.contains(n)) throw new UserError("--input " + n + ": no such input; inputs: " + known);
    }

    /**
     * The value for one input; {@code shape} (static) is used for random values and to check files. A .npy file
     * brings its own shape (checked against {@code declared}, which may hold -1).
     */
    HostTensor tensor(String name, DType dtype, int[] declared, int[] shape) {
        String v = given.getOrDefault(name, "random");
        if (v.equals("random")) return random(name, dtype, shape);
        if (v.matches("-?\\d+(,-?\\d+)*")) {
            String[] parts = v.split(",");
            int[] ints = new int[parts.length];
            for (int i = 0; i < ints.length; i++) ints[i] = Integer.parseInt(parts[i]);
            return HostTensor.ofInts(ints, ints.length);
        }
        Path file = Path.of(v);
        NpyArray a;
        try {
            a = Npz.readNpy(file);
        } catch (IOException e) {
            throw new UserError("--input " + name + "=" + v + ": cannot read .npy: " + e.getMessage(), e);
        }
        if (a.shape().length != declared.length)
            throw new UserError("--input " + name + "=" + v + ": array of shape " + Shape.of(a.shape()) + ", the input is " + Shape.of(declared));
        for (int i = 0; i < declared.length; i++)
            if (declared[i] >= 0 && declared[i] != a.shape()[i])
                throw new UserError("--input " + name + "=" + v + ": array of shape " + Shape.of(a.shape()) + ", the input is " + Shape.of(declared));
        if (dtype.isFloating()) return HostTensor.of(a.asFloats(), a.shape());
        if (!a.isInteger()) throw new UserError("--input " + name + "=" + v + ": input is " + dtype + ", the array holds floats");
        return HostTensor.ofInts(a.ints(), a.shape());
    }

    boolean isGiven(String name) { return given.containsKey(name); }

    private HostTensor random(String name, DType dtype, int[] shape) {
        if (!Shape.of(shape).isStatic())
            throw new UserError("input '" + name + "' has dynamic shape " + Shape.of(shape) + ": give --shape " + name + "=DIMS or an .npy file");
        Random r = new Random(seed * 31 + name.hashCode());
        int n = Math.toIntExact(Shape.of(shape).volume());
        if (dtype.isFloating()) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) f[i] = r.nextFloat() * 2 - 1;
            return HostTensor.of(f, shape);
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = dtype == DType.BOOL ? r.nextInt(2) : r.nextInt(10);
        return new HostTensor(dtype == DType.BOOL ? DType.BOOL : DType.INT32, shape.clone(), null, v);
    }
}
