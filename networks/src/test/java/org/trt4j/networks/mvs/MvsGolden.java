package org.trt4j.networks.mvs;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.npy.NpyArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs from and comparisons against an mvs_reference.py npz (shared by the CPU and the GPU tests). */
final class MvsGolden {
    private MvsGolden() {}

    static final List<String> OUTPUTS = List.of("outputs_stage1", "outputs_stage2", "outputs_stage3", "pc_stage1", "pc_stage2",
            "pc_stage3", "depth_min", "depth", "photometric_confidence");

    static Map<String, HostTensor> inputs(Map<String, NpyArray> g) {
        Map<String, HostTensor> in = new LinkedHashMap<>();
        for (String name : List.of(CascadeMvsNetFactory.IMGS, CascadeMvsNetFactory.proj(1), CascadeMvsNetFactory.proj(2),
                CascadeMvsNetFactory.proj(3), CascadeMvsNetFactory.DEPTH_VALUES, CascadeMvsNetFactory.EDGE))
            in.put(name, HostTensor.of(g.get(name).floats(), g.get(name).shape()));
        return in;
    }

    /** max |e - a| relative to max |e| and to the spread max |e - mean(e)| (with hash weights depths stay near the middle). */
    record Difference(double maxAbs, double relative, double relativeToSpread) {}

    static Difference compare(NpyArray expected, HostTensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        float[] e = expected.floats(), a = actual.floats();
        double mean = 0;
        for (float v : e) mean += v;
        mean /= e.length;
        double diff = 0, scale = 0, spread = 0;
        for (int i = 0; i < e.length; i++) {
            assertTrue(Float.isFinite(a[i]), what + "[" + i + "] is " + a[i]);
            diff = Math.max(diff, Math.abs(e[i] - a[i]));
            scale = Math.max(scale, Math.abs(e[i]));
            spread = Math.max(spread, Math.abs(e[i] - mean));
        }
        Difference d = new Difference(diff, diff / scale, diff / spread);
        System.out.printf("mvs %-22s max abs diff %.3g, relative %.3g, relative to spread %.3g (max |value| %.4g, spread %.3g)%n",
                what, diff, d.relative(), d.relativeToSpread(), scale, spread);
        return d;
    }

    /**
     * The share of elements within {@code tolerance} (absolute) of each other. The photometric confidence sums the
     * probabilities of the 4 hypotheses around the rounded expected index, so a pixel whose expected index sits on a
     * rounding boundary can take another window from a last-bit difference in the depth: an elementwise maximum then
     * says nothing about the rest, the share of pixels that agree does.
     */
    static double shareWithin(float[] expected, float[] actual, double tolerance, String what) {
        long ok = 0;
        for (int i = 0; i < expected.length; i++) if (Math.abs(expected[i] - actual[i]) <= tolerance) ok++;
        double share = ok / (double) expected.length;
        System.out.printf("mvs %-22s %.5f%% of %d values within %.1g%n", what, 100 * share, expected.length, tolerance);
        return share;
    }
}
