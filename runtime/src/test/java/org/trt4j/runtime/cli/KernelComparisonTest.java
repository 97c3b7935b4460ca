package org.trt4j.runtime.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class KernelComparisonTest {
    static String layers(String... entries) { return "{\"Layers\": [" + String.join(",", entries) + "], \"Bindings\": []}"; }

    static String layer(String name, String type, String tactic) {
        return "{\"Name\": \"" + name + "\", \"LayerType\": \"" + type + "\"" + (tactic == null ? "" : ", \"TacticName\": \"" + tactic + "\"") + "}";
    }

    @Test void sameKernelsUnderOtherLayerNamesAreTheSame() {
        var c = KernelComparison.of(
                layers(layer("conv1 + bn1 + relu", "CaskConvolution", "sm90_xmma_a"), layer("pool", "CaskPooling", "sm90_pool")),
                layers(layer("/Conv_0", "CaskConvolution", "sm90_xmma_a"), layer("/MaxPool", "CaskPooling", "sm90_pool")));
        assertTrue(c.sameKernels());
        assertEquals(List.of("engine layers: trt4j 2, onnx 2; the same kernels"), c.describe("trt4j", "onnx"));
    }

    @Test void reportsEachKernelOneEngineRunsMoreOftenWithTheCount() {
        var c = KernelComparison.of(
                layers(layer("a", "CaskConvolution", "k1"), layer("b", "CaskConvolution", "k1"), layer("s", "Scale", null)),
                layers(layer("a", "CaskConvolution", "k1"), layer("c", "CaskConvolution", "k2")));
        assertFalse(c.sameKernels());
        assertEquals(List.of("engine layers: trt4j 3, onnx 2; kernels differ:", "  only in trt4j: 1 x Scale", "  only in trt4j: 1 x k1",
                "  only in onnx: 1 x k2"), c.describe("trt4j", "onnx"));
    }

    @Test void namesOnlyVerbosityComparesLayerNames() {
        assertEquals(List.of("x", "y"), KernelComparison.kernels("{\"Layers\": [\"x\", \"y\"]}"));
    }

    @Test void notJsonIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> KernelComparison.kernels("Layers: x"));
        assertTrue(e.getMessage().startsWith("not TensorRT layer information"), e.getMessage());
    }
}
