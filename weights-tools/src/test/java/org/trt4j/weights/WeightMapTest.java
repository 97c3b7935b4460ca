package org.trt4j.weights;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class WeightMapTest {
    private static WeightMap sample() {
        return WeightMap.builder("model.wts")
                .put("conv1.weight", new float[]{1, 2, 3, 4, 5, 6}, 2, 3)
                .put("conv1.bias", new float[]{7, 8})
                .put("fc.weight", new float[]{9})
                .build();
    }

    @Test void lookupTracksUsageAndReportsUnusedKeys() {
        WeightMap m = sample();
        assertEquals(3, m.size());
        assertEquals(9, m.totalParameters());
        assertArrayEquals(new float[]{7, 8}, m.get("conv1.bias").toArray());
        assertTrue(m.find("conv2.bias").isEmpty());
        assertEquals(List.of("conv1.weight", "fc.weight"), m.unusedKeys());
        assertTrue(m.unusedReport().contains("2 of 3 weights were never used: conv1.weight, fc.weight"), m.unusedReport());
        UserError e = assertThrows(UserError.class, m::requireAllUsed);
        assertTrue(e.getMessage().startsWith("model.wts: "), e.getMessage());
        m.require("conv1.weight", 6);
        m.get("fc.weight");
        m.requireAllUsed();
        assertEquals("", m.unusedReport());
        m.resetUsage();
        assertEquals(3, m.unusedKeys().size());
    }

    @Test void requireGivesBothCountsAndTheFile() {
        UserError e = assertThrows(UserError.class, () -> sample().require("conv1.weight", 12));
        assertEquals("model.wts: weight 'conv1.weight' has 6 values, the network expects 12", e.getMessage());
    }

    @Test void missingKeySuggestsSimilarOnes() {
        UserError e = assertThrows(UserError.class, () -> sample().get("features.conv1.bias"));
        assertTrue(e.getMessage().contains("no weight named 'features.conv1.bias'") && e.getMessage().contains("conv1.bias"),
                e.getMessage());
    }

    @Test void tensorsAreDirectNativeOrderAndShaped() {
        WeightTensor t = sample().get("conv1.weight");
        assertTrue(t.floats().isDirect());
        assertEquals(java.nio.ByteOrder.nativeOrder(), t.floats().order());
        assertArrayEquals(new int[]{2, 3}, t.shape().orElseThrow());
        assertEquals(6f, t.get(5));
        assertThrows(IllegalArgumentException.class, () -> WeightTensor.of("x", new float[]{1, 2}, 3));
        assertThrows(UserError.class, () -> WeightMap.builder("m").put("a", new float[1]).put("a", new float[1]));
    }
}
