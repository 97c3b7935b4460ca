package org.trt4j.weights.convert;

import org.trt4j.error.UserError;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightTensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies {@link ConvertOptions} to the ordered keys of a checkpoint: which keys are kept and their .wts names. */
public final class KeyMapper {
    private KeyMapper() {}

    /**
     * @param keys     checkpoint keys in order
     * @param integer  whether the key's tensor has an integer element type
     * @return kept keys mapped to their output names, in input order
     */
    public static Map<String, String> map(String source, List<String> keys, java.util.function.Predicate<String> integer, ConvertOptions o) {
        List<String> kept = new ArrayList<>();
        for (String k : keys) {
            if (!o.keepIntBuffers() && integer.test(k)) continue;
            if (o.selectPrefix() != null && !k.startsWith(o.selectPrefix())) continue;
            kept.add(k);
        }
        if (o.selectPrefix() != null && kept.isEmpty())
            throw new UserError(source + ": no key starts with '" + o.selectPrefix() + "'" + sample(keys));
        boolean allModule = !kept.isEmpty() && kept.stream().allMatch(k -> k.startsWith("module."));
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (String k : kept) {
            String name = allModule ? k.substring("module.".length()) : k;
            if (o.stripPrefix() != null && name.startsWith(o.stripPrefix())) name = name.substring(o.stripPrefix().length());
            if (name.isEmpty() || !names.add(name))
                throw new UserError(source + ": key '" + k + "' becomes '" + name + "' after removing prefixes, "
                        + (name.isEmpty() ? "an empty name" : "a name another key already has"));
            if (name.chars().anyMatch(c -> c <= ' '))
                throw new UserError(source + ": key '" + k + "' has a blank or control character, which .wts names cannot hold");
            out.put(k, name);
        }
        return out;
    }

    /** The options applied to a float32 map (e.g. Darknet weights): selected keys, renamed; storage shared. */
    public static WeightMap apply(WeightMap weights, ConvertOptions o) {
        if (o.selectPrefix() == null && o.stripPrefix() == null && weights.names().stream().noneMatch(k -> k.startsWith("module.")))
            return weights;
        Map<String, String> names = map(weights.source(), weights.names(), k -> false, o);
        WeightMap.Builder out = WeightMap.builder(weights.source());
        for (WeightTensor t : weights.tensors()) {
            String name = names.get(t.name());
            if (name != null) out.put(t.renamed(name));
        }
        return out.build();
    }

    private static String sample(List<String> keys) {
        return keys.isEmpty() ? " (the checkpoint holds no tensors)"
                : " (keys look like: " + String.join(", ", keys.subList(0, Math.min(5, keys.size()))) + ")";
    }
}
