package org.trt4j.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two engines' kernels from TensorRT's layer information (IEngineInspector JSON, detailed verbosity): the
 * engine layers each runs and the kernels (tactic names, or layer types where a layer has none) that one engine runs
 * more often than the other. Equal kernel lists mean a timing difference between the engines is noise.
 */
final class KernelComparison {
    private final int layersA, layersB;
    private final Map<String, Integer> onlyA, onlyB;

    private KernelComparison(int layersA, int layersB, Map<String, Integer> onlyA, Map<String, Integer> onlyB) {
        this.layersA = layersA;
        this.layersB = layersB;
        this.onlyA = onlyA;
        this.onlyB = onlyB;
    }

    static KernelComparison of(String layerJsonA, String layerJsonB) {
        List<String> a = kernels(layerJsonA), b = kernels(layerJsonB);
        Map<String, Integer> count = new TreeMap<>();
        for (String k : a) count.merge(k, 1, Integer::sum);
        for (String k : b) count.merge(k, -1, Integer::sum);
        Map<String, Integer> onlyA = new TreeMap<>(), onlyB = new TreeMap<>();
        count.forEach((k, c) -> {
            if (c > 0) onlyA.put(k, c);
            if (c < 0) onlyB.put(k, -c);
        });
        return new KernelComparison(a.size(), b.size(), onlyA, onlyB);
    }

    boolean sameKernels() { return onlyA.isEmpty() && onlyB.isEmpty(); }

    /** Lines for the benchmark report. */
    List<String> describe(String labelA, String labelB) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("engine layers: %s %d, %s %d; %s", labelA, layersA, labelB, layersB,
                sameKernels() ? "the same kernels" : "kernels differ:"));
        onlyA.forEach((k, c) -> lines.add("  only in " + labelA + ": " + c + " x " + k));
        onlyB.forEach((k, c) -> lines.add("  only in " + labelB + ": " + c + " x " + k));
        return lines;
    }

    /** Each engine layer's kernel: its tactic name, else its layer type, else its name (names-only verbosity). */
    static List<String> kernels(String layerJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(layerJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("not TensorRT layer information (JSON): " + e.getMessage(), e);
        }
        List<String> kernels = new ArrayList<>();
        for (JsonNode layer : root.path("Layers")) {
            if (layer.isTextual()) kernels.add(layer.asText());
            else if (layer.hasNonNull("TacticName") && !layer.get("TacticName").asText().isEmpty()) kernels.add(layer.get("TacticName").asText());
            else kernels.add(layer.path("LayerType").asText(layer.path("Name").asText("?")));
        }
        return kernels;
    }
}
