package org.trt4j.plugins;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** The PyTorch goldens written by src/test/python/make_plugin_goldens.py. */
final class Goldens {
    private static final String RESOURCE_DIR = "golden/plugins/";

    private Goldens() {}

    /** Reads a golden from the source tree (module or repository root as working directory) or the test classpath. */
    static Map<String, NpyArray> read(String name) {
        String file = name + ".npz";
        try {
            for (Path dir : new Path[] {Path.of("src/test/resources", RESOURCE_DIR), Path.of("plugins/src/test/resources", RESOURCE_DIR)})
                if (Files.isRegularFile(dir.resolve(file))) return Npz.read(dir.resolve(file));
            try (InputStream in = Goldens.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + file)) {
                if (in == null) throw new IllegalStateException("golden " + file + " not found in the source tree or on the classpath");
                Path tmp = Files.createTempFile("golden", ".npz");
                try {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    return Npz.read(tmp);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
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
