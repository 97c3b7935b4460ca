package org.trt4j.runtime.graph;

import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightTensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands a network's definition the weights it asks for and remembers what it asked: missing keys and wrong element
 * counts do not stop the definition (a zero placeholder is returned), so {@link #check()} can list every problem at
 * once, PyTorch {@code load_state_dict(strict=True)} style.
 */
public final class WeightBinding {
    private final WeightMap source;
    private final Map<String, Shape> missing = new LinkedHashMap<>();
    private final Map<String, String> wrongCount = new LinkedHashMap<>();
    private final Set<String> consumed = new LinkedHashSet<>();
    private final Map<String, Weights> bound = new LinkedHashMap<>();

    public WeightBinding(WeightMap source) { this.source = source; }

    public WeightMap source() { return source; }

    public boolean has(String key) { return source.contains(key); }

    /**
     * The weights under key, viewed with the expected (static) shape. A missing key or a wrong element count is
     * recorded and answered with zeros of the expected shape, so the definition can go on and report everything.
     */
    public Weights require(String key, Shape expected) {
        if (!expected.isStatic()) throw new IllegalArgumentException("weights " + key + ": expected shape " + expected + " must be static");
        Weights already = bound.get(key);
        if (already != null) {
            if (!already.shape().equals(expected) && already.count() != expected.volume())
                wrongCount.put(key, "requested as " + already.shape() + " and as " + expected);
            return already.shape().equals(expected) ? already : Weights.of(key, already.floats(), expected.dims());
        }
        consumed.add(key);
        WeightTensor tensor = source.find(key).orElse(null);
        long n = expected.volume();
        Weights w;
        if (tensor == null) {
            missing.put(key, expected);
            w = Weights.zeros(key + " (missing)", expected);
        } else if (tensor.count() != n) {
            wrongCount.put(key, "has " + tensor.count() + " values, expected " + n + " (" + expected + ")");
            w = Weights.zeros(key + " (wrong count)", expected);
        } else {
            w = Weights.from(tensor, expected);
        }
        bound.put(key, w);
        return w;
    }

    /** Marks a key as deliberately not used (e.g. BatchNorm's num_batches_tracked) so it is not reported as unused. */
    public void ignore(String key) {
        if (has(key)) consumed.add(key);
    }

    /** Keys the definition never asked for, in file order. */
    public List<String> unusedKeys() {
        List<String> unused = new ArrayList<>();
        for (String k : source.names()) if (!consumed.contains(k)) unused.add(k);
        return unused;
    }

    /** Keys asked for but absent, with the shapes expected. */
    public Map<String, Shape> missingKeys() { return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(missing)); }

    public boolean isComplete() { return missing.isEmpty() && wrongCount.isEmpty(); }

    /** Lines shown per list of the check's message; a network given the wrong file misses hundreds of keys. */
    static final int LISTED = 10;

    private static void listFirst(StringBuilder b, List<String> lines) {
        for (int i = 0; i < Math.min(LISTED, lines.size()); i++) b.append("\n    ").append(lines.get(i));
        if (lines.size() > LISTED) b.append("\n    ... and ").append(lines.size() - LISTED).append(" more");
    }

    /**
     * Throws {@link WeightCheckError} listing the missing keys with their expected shapes and the wrong-count keys (the first
     * {@link #LISTED} of each, then how many more; the error carries every missing key)
     * (and, for context, the unused keys, which often are the same weights under another name). Returns the unused
     * keys when all is well, for the caller to report as a warning.
     */
    public List<String> check() {
        List<String> unused = unusedKeys();
        if (isComplete()) return unused;
        StringBuilder b = new StringBuilder(source.source() + ": the weights do not fit the network:");
        if (!missing.isEmpty()) {
            b.append("\n  ").append(missing.size()).append(" missing key(s):");
            listFirst(b, missing.entrySet().stream().map(e -> e.getKey() + "  expected " + e.getValue()).toList());
        }
        if (!wrongCount.isEmpty()) {
            b.append("\n  ").append(wrongCount.size()).append(" key(s) with the wrong element count:");
            listFirst(b, wrongCount.entrySet().stream().map(e -> e.getKey() + "  " + e.getValue()).toList());
        }
        if (!unused.isEmpty()) {
            b.append("\n  ").append(unused.size()).append(" unused key(s):");
            listFirst(b, unused.stream().map(k -> k + "  (" + source.find(k).map(WeightTensor::count).orElse(0) + " values)").toList());
        }
        throw new WeightCheckError(b.toString(), missing);
    }
}
