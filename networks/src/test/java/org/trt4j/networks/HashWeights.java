package org.trt4j.networks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.trt4j.weights.WeightMap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The weights the reference scripts give their PyTorch models (networks/src/test/python/reference_weights.py),
 * regenerated bit for bit from (tensor name, element index), so the goldens need no committed weight file. Same rule
 * as that module: FNV-1a 64 of the name, splitmix64 of seed + (i + 1) * golden ratio, 24-bit uniform, mapped to a
 * per-kind range in float64.
 */
public final class HashWeights {
    private HashWeights() {}

    /** Builds the map from a keys manifest ([[name, [shape...]], ...] in state_dict order) on the class path. */
    public static WeightMap fromManifest(String resource) throws IOException {
        JsonNode keys;
        try (InputStream in = HashWeights.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing test resource " + resource);
            keys = new ObjectMapper().readTree(in);
        }
        Set<String> names = new HashSet<>();
        for (JsonNode k : keys) names.add(k.get(0).asText());
        WeightMap.Builder b = WeightMap.builder("hash weights of " + resource);
        for (JsonNode k : keys) {
            String name = k.get(0).asText();
            JsonNode dims = k.get(1);
            int[] shape = new int[dims.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) { shape[i] = dims.get(i).asInt(); count *= shape[i]; }
            b.put(name, values(name, Math.toIntExact(count), shape, names), shape);
        }
        return b.build();
    }

    private static float[] values(String name, int count, int[] shape, Set<String> names) {
        int dot = name.lastIndexOf('.');
        String prefix = name.substring(0, dot), leaf = name.substring(dot + 1);
        boolean batchNorm = names.contains(prefix + ".running_mean");
        double lo, hi;
        switch (leaf) {
            case "num_batches_tracked" -> { return new float[count]; }
            case "running_mean" -> { lo = -0.1; hi = 0.1; }
            case "running_var" -> { lo = 0.5; hi = 1.5; }
            case "weight" -> {
                if (batchNorm) { lo = 0.5; hi = 1.0; }
                else { double bound = Math.sqrt(3.0 / (count / shape[0])); lo = -bound; hi = bound; }
            }
            default -> { lo = -0.1; hi = 0.1; }
        }
        return uniform(name, count, lo, hi);
    }

    public static float[] uniform(String name, int count, double lo, double hi) {
        long seed = fnv1a64(name);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            long z = seed + (i + 1L) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            double u = (z >>> 40) / (double) (1 << 24);
            out[i] = (float) (lo + (hi - lo) * u);
        }
        return out;
    }

    private static long fnv1a64(String name) {
        long h = 0xCBF29CE484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * 0x100000001B3L;
        return h;
    }
}
