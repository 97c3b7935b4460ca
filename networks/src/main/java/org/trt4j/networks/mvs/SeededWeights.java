package org.trt4j.networks.mvs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.trt4j.error.UserError;
import org.trt4j.weights.WeightMap;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Untrained weights for every casmvsnet key (the manifest {@code casmvsnet.keys.json}, the default options'
 * state_dict), seeded per key: convolutions uniform in ±sqrt(3/fan_in), BN γ in [0.5, 1], β and means ±0.1, variances
 * [0.5, 1.5]. They run the whole pipeline with shapes and ranges right; the depth they give is not a measurement.
 */
final class SeededWeights {
    static final String KEYS = "/org/trt4j/networks/mvs/casmvsnet.keys.json";

    private SeededWeights() {}

    static WeightMap load(long seed) {
        JsonNode keys;
        try (InputStream in = SeededWeights.class.getResourceAsStream(KEYS)) {
            if (in == null) throw new UserError("the casmvsnet key manifest " + KEYS + " is not in this build");
            keys = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UserError(KEYS + ": cannot read (" + e.getMessage() + ")", e);
        }
        Set<String> names = new HashSet<>();
        for (JsonNode k : keys) names.add(k.get(0).asText());
        WeightMap.Builder b = WeightMap.builder("seeded casmvsnet weights (seed " + seed + ")");
        for (JsonNode k : keys) {
            String name = k.get(0).asText();
            int[] shape = new int[k.get(1).size()];
            int count = 1;
            for (int i = 0; i < shape.length; i++) count *= shape[i] = k.get(1).get(i).asInt();
            String leaf = name.substring(name.lastIndexOf('.') + 1), prefix = name.substring(0, name.lastIndexOf('.'));
            boolean bn = names.contains(prefix + ".running_mean");
            double lo = -0.1, hi = 0.1;
            if (leaf.equals("running_var")) { lo = 0.5; hi = 1.5; }
            else if (leaf.equals("weight") && bn) { lo = 0.5; hi = 1.0; }
            else if (leaf.equals("weight")) { hi = Math.sqrt(3.0 / (count / shape[0])); lo = -hi; }
            float[] v = new float[count];
            SplittableRandom r = new SplittableRandom(seed ^ name.hashCode());
            if (!leaf.equals("num_batches_tracked")) for (int i = 0; i < count; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
            b.put(name, v, shape);
        }
        return b.build();
    }
}
