package org.trt4j.weights;

import org.trt4j.error.UserError;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named weights, in file order, looked up by dotted name ({@code layer1.0.conv1.weight}). Every lookup through
 * {@link #get}, {@link #find} or {@link #require} marks the key used, so {@link #unusedKeys()} tells which provided
 * weights a network never read — usually a misspelt module name or a wrong file.
 */
public final class WeightMap {
    private final String source;
    private final Map<String, WeightTensor> tensors;
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    private WeightMap(String source, Map<String, WeightTensor> tensors) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Where the weights came from (a file path, or a description for maps built in memory); errors name it. */
    public String source() { return source; }

    /** Tensor names in file order. Does not mark anything used. */
    public List<String> names() { return List.copyOf(tensors.keySet()); }

    /** All tensors in file order. Does not mark anything used. */
    public List<WeightTensor> tensors() { return List.copyOf(tensors.values()); }

    public int size() { return tensors.size(); }

    public boolean contains(String name) { return tensors.containsKey(name); }

    /** Sum of all tensors' element counts. */
    public long totalParameters() {
        long n = 0;
        for (WeightTensor t : tensors.values()) n += t.count();
        return n;
    }

    /** The tensor, marked used, or empty when absent (for optional weights such as a conv bias). */
    public Optional<WeightTensor> find(String name) {
        WeightTensor t = tensors.get(name);
        if (t != null) used.add(name);
        return Optional.ofNullable(t);
    }

    /** The tensor, marked used; a UserError naming the source and similar keys when absent. */
    public WeightTensor get(String name) {
        return find(name).orElseThrow(() -> new UserError(source + ": no weight named '" + name + "'" + hintFor(name)));
    }

    /** The tensor, checked to hold exactly {@code expectedCount} values (the message gives both counts). */
    public WeightTensor require(String name, long expectedCount) {
        WeightTensor t = get(name);
        if (t.count() != expectedCount)
            throw new UserError(source + ": weight '" + name + "' has " + t.count() + " values, the network expects "
                    + expectedCount);
        return t;
    }

    /** Keys provided but never looked up, in file order. */
    public List<String> unusedKeys() {
        List<String> out = new ArrayList<>();
        for (String k : tensors.keySet()) if (!used.contains(k)) out.add(k);
        return out;
    }

    /** Keys that have been looked up, in file order. */
    public List<String> usedKeys() {
        List<String> out = new ArrayList<>();
        for (String k : tensors.keySet()) if (used.contains(k)) out.add(k);
        return out;
    }

    /** A one-paragraph report of the unused keys (empty string when all were used). */
    public String unusedReport() {
        List<String> unused = unusedKeys();
        if (unused.isEmpty()) return "";
        int shown = Math.min(unused.size(), 20);
        return source + ": " + unused.size() + " of " + size() + " weights were never used: "
                + String.join(", ", unused.subList(0, shown)) + (shown < unused.size() ? ", ..." : "");
    }

    /** Fails with {@link #unusedReport()} when some provided weight was never used (the strict check). */
    public void requireAllUsed() {
        String report = unusedReport();
        if (!report.isEmpty()) throw new UserError(report);
    }

    /** Forgets which keys were used (e.g. before building a second network from the same map). */
    public void resetUsage() { used.clear(); }

    private String hintFor(String name) {
        String leaf = name.substring(name.lastIndexOf('.') + 1);
        String parent = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
        List<String> near = new ArrayList<>();
        for (String k : tensors.keySet()) {
            if (near.size() == 5) break;
            boolean sameLeaf = k.endsWith("." + leaf) || k.equals(leaf);
            if (sameLeaf && (parent.isEmpty() || k.contains(lastSegment(parent)))) near.add(k);
        }
        if (near.isEmpty()) return " (" + size() + " weights provided)";
        return "; similar keys: " + String.join(", ", near);
    }

    private static String lastSegment(String dotted) {
        return dotted.substring(dotted.lastIndexOf('.') + 1);
    }

    public static Builder builder(String source) { return new Builder(source); }

    /** Builds a WeightMap in memory (tests, converters); names must be unique. */
    public static final class Builder {
        private final String source;
        private final Map<String, WeightTensor> tensors = new LinkedHashMap<>();

        private Builder(String source) { this.source = source; }

        public Builder put(WeightTensor tensor) {
            if (tensors.putIfAbsent(tensor.name(), tensor) != null)
                throw new UserError(source + ": duplicate weight name '" + tensor.name() + "'");
            return this;
        }

        /** Adds a copy of {@code values}; {@code shape} may be omitted. */
        public Builder put(String name, float[] values, int... shape) {
            return put(WeightTensor.of(name, values, shape));
        }

        public boolean contains(String name) { return tensors.containsKey(name); }

        public WeightMap build() { return new WeightMap(source, new LinkedHashMap<>(tensors)); }
    }
}
