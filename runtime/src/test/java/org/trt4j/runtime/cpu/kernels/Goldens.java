package org.trt4j.runtime.cpu.kernels;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Reads the PyTorch op goldens (make_op_goldens.py) and compares kernel results with them. */
final class Goldens {
    private Goldens() {}

    static final Path DIR = Path.of("src/test/resources/golden/ops");

    /** One golden case: its arrays by field name. */
    record Case(String name, Map<String, NpyArray> fields) {
        NpyArray get(String field) {
            NpyArray a = fields.get(field);
            assertNotNull(a, name + " has no field " + field);
            return a;
        }

        boolean has(String field) { return fields.containsKey(field); }

        HostTensor tensor(String field) {
            NpyArray a = get(field);
            return a.isInteger() ? HostTensor.ofInts(a.ints(), a.shape()) : HostTensor.of(a.floats(), a.shape());
        }

        HostTensor bool(String field) {
            NpyArray a = get(field);
            return new HostTensor(DType.BOOL, a.shape(), null, a.ints());
        }

        HostTensor optional(String field) { return has(field) ? tensor(field) : null; }

        int[] ints(String field) { return get(field).ints(); }

        int integer(String field) { return ints(field)[0]; }

        boolean flag(String field) { return integer(field) != 0; }

        float number(String field) { return get(field).floats()[0]; }

        /** The kind encoded in the case name: "act_leaky_relu" with prefix "act_" -> LEAKY_RELU. */
        String kind(String prefix) { return name.substring(prefix.length()).toUpperCase(); }
    }

    /** Cases of one family file whose names start with prefix, in file order. */
    static Map<String, Case> load(String family, String prefix) {
        Map<String, NpyArray> all;
        try {
            all = Npz.read(DIR.resolve(family + ".npz"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Map<String, NpyArray>> grouped = new LinkedHashMap<>();
        all.forEach((key, value) -> {
            int dot = key.lastIndexOf('.');
            String name = key.substring(0, dot);
            if (name.startsWith(prefix)) grouped.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
        });
        assertFalse(grouped.isEmpty(), "no " + prefix + " cases in " + family + ".npz");
        Map<String, Case> cases = new LinkedHashMap<>();
        grouped.forEach((name, fields) -> cases.put(name, new Case(name, fields)));
        return cases;
    }

    /** Same shape and max |actual - expected| <= 1e-4 * max(1, max |expected|). */
    static void assertClose(NpyArray expected, HostTensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.asFloats(), a = actual.asFloats();
        double scale = 1, worst = 0;
        int at = -1;
        for (float v : e) if (Float.isFinite(v)) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i]) && Float.isNaN(a[i])) continue;
            if (Float.isInfinite(e[i]) && e[i] == a[i]) continue;
            double d = Math.abs((double) e[i] - a[i]);
            if (!(d <= worst)) { worst = d; at = i; }
        }
        double tolerance = 1e-4 * scale;
        if (!(worst <= tolerance))
            fail(what + ": max abs error " + worst + " > " + tolerance + " at flat index " + at + " (expected " + e[at] + ", got " + a[at] + ")");
    }

    /** Exact equality for integer/bool results. */
    static void assertSameInts(NpyArray expected, HostTensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertNotNull(actual.ints(), what + ": expected an integer result, got " + actual);
        if (!Arrays.equals(expected.ints(), actual.ints()))
            fail(what + ": expected " + Arrays.toString(expected.ints()) + " got " + Arrays.toString(actual.ints()));
    }
}
