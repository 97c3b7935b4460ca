package org.trt4j.plugins;

import org.trt4j.runtime.cpu.HostTensor;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** The PyTorch goldens written by src/test/python/make_plugin_goldens.py. */
final class Goldens {
    static final Path DIR = Path.of("src/test/resources/golden/plugins");

    private Goldens() {}

    static Map<String, NpyArray> read(String name) {
        try {
            return Npz.read(DIR.resolve(name + ".npz"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HostTensor tensor(Map<String, NpyArray> golden, String key) {
        NpyArray a = golden.get(key);
        if (a == null) throw new IllegalStateException("golden has no array '" + key + "': " + golden.keySet());
        return HostTensor.of(a.floats(), a.shape());
    }

    static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) return Float.POSITIVE_INFINITY;
        float worst = 0f;
        for (int i = 0; i < a.length; i++) {
            float d = Math.abs(a[i] - b[i]);
            if (!(d <= worst)) worst = d; // NaN counts as worst
        }
        return worst;
    }

    /** max |a - b| / max |b| over each consecutive block of {@code block} values. */
    static double maxRelativeDiff(float[] a, float[] b, int block) {
        if (a.length != b.length) return Double.POSITIVE_INFINITY;
        double worst = 0;
        for (int o = 0; o < a.length; o += block) {
            double diff = 0, scale = 0;
            for (int i = o; i < o + block; i++) {
                diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
                scale = Math.max(scale, Math.abs((double) b[i]));
            }
            double rel = diff / scale;
            if (!(rel <= worst)) worst = rel;
        }
        return worst;
    }
}
