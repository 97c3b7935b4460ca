package org.trt4j.runtime.cli;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * An engine output against a reference array (PyTorch's, saved as .npy): the largest absolute difference and,
 * for classifiers and segmenters, the share of positions whose argmax along one axis agrees (Polygraphy's
 * "indices" comparison), which is what a reduced precision must preserve.
 */
final class ReferenceComparison {
    private final String output;
    private final Path file;
    private final NpyArray reference;

    private ReferenceComparison(String output, Path file, NpyArray reference) {
        this.output = output;
        this.file = file;
        this.reference = reference;
    }

    /** Reads {@code NAME=file.npy}; a file that cannot be read is an error naming it. */
    static ReferenceComparison read(String output, Path file) {
        try {
            return new ReferenceComparison(output, file, Npz.readNpy(file));
        } catch (IOException e) {
            throw new UserError("--reference " + output + "=" + file + ": cannot read .npy: " + e.getMessage(), e);
        }
    }

    String output() { return output; }

    /** One line: each labelled run's largest difference and, with an axis, its argmax agreement. */
    String describe(Map<String, Map<String, HostTensor>> outputsByLabel, Integer argmaxAxis) {
        StringBuilder b = new StringBuilder("output " + output + " against the reference (max |reference| = "
                + String.format("%.3g", maxAbsReference()) + "): max |difference|");
        outputsByLabel.forEach((label, outputs) -> b.append(String.format(" %s %.3g", label, maxAbsDifference(outputOf(label, outputs)))));
        if (argmaxAxis != null) {
            b.append("; argmax along axis ").append(argmaxAxis).append(" agrees on");
            outputsByLabel.forEach((label, outputs) ->
                    b.append(String.format(" %s %.3f%%", label, 100 * argmaxAgreement(outputOf(label, outputs), argmaxAxis))));
            b.append(" of ").append(positions(argmaxAxis)).append(" positions");
        }
        return b.toString();
    }

    private HostTensor outputOf(String label, Map<String, HostTensor> outputs) {
        HostTensor t = outputs.get(output);
        if (t == null) throw new UserError("--reference " + output + ": the " + label + " run has no output '" + output + "'; outputs: " + outputs.keySet());
        return t;
    }

    /** The largest |actual - reference|; the shapes must be equal. */
    double maxAbsDifference(HostTensor actual) {
        checkShape(actual);
        return maxAbsDifference(actual.asFloats(), reference.asFloats());
    }

    double maxAbsReference() { return maxAbs(reference.asFloats()); }

    /** The largest |a[i] - b[i]| of two arrays of one length. */
    static double maxAbsDifference(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }

    /** The largest |v[i]|: the scale a difference is read against. */
    static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    /** Positions along every axis but {@code axis}: the count the agreement is a share of. */
    long positions(int axis) {
        checkAxis(axis);
        return Shape.of(reference.shape()).volume() / reference.shape()[axis];
    }

    /** The share of positions whose argmax along {@code axis} (first maximum on ties, as PyTorch) equals the reference's. */
    double argmaxAgreement(HostTensor actual, int axis) {
        checkShape(actual);
        checkAxis(axis);
        int[] shape = reference.shape();
        int classes = shape[axis];
        long inner = 1;
        for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
        long outer = Shape.of(shape).volume() / (classes * inner);
        float[] a = actual.asFloats(), r = reference.asFloats();
        long agree = 0;
        for (long o = 0; o < outer; o++)
            for (long i = 0; i < inner; i++) {
                long base = o * classes * inner + i;
                if (argmax(a, base, classes, inner) == argmax(r, base, classes, inner)) agree++;
            }
        return agree / (double) (outer * inner);
    }

    private static int argmax(float[] v, long base, int count, long stride) {
        int best = 0;
        float max = v[Math.toIntExact(base)];
        for (int c = 1; c < count; c++) {
            float x = v[Math.toIntExact(base + c * stride)];
            if (x > max) {
                max = x;
                best = c;
            }
        }
        return best;
    }

    private void checkShape(HostTensor actual) {
        if (!Arrays.equals(actual.shape(), reference.shape()))
            throw new UserError("--reference " + output + "=" + file + ": array of shape " + Shape.of(reference.shape())
                    + ", the output is " + Shape.of(actual.shape()));
    }

    private void checkAxis(int axis) {
        if (axis < 0 || axis >= reference.shape().length)
            throw new UserError("--argmax-axis " + axis + ": " + file + " has shape " + Shape.of(reference.shape()));
    }
}
