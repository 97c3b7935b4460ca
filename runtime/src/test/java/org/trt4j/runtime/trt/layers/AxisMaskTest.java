package org.trt4j.runtime.trt.layers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AxisMaskTest {
    @Test void setsOneBitPerAxis() {
        assertEquals(0b0010, AxisMask.of(4, 1));
        assertEquals(0b1100, AxisMask.of(4, 2, 3));
    }

    @Test void negativeAxesCountFromTheEnd() {
        assertEquals(0b1000, AxisMask.of(4, -1));
        assertEquals(0b0110, AxisMask.of(3, -1, -2));
        assertEquals(2, AxisMask.normalize(-1, 3));
    }

    @Test void rejectsOutOfRangeRepeatedAndMissingAxes() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AxisMask.of(3, 3)).getMessage().contains("axis 3"));
        assertThrows(IllegalArgumentException.class, () -> AxisMask.of(3, -4));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AxisMask.of(3, 1, -2)).getMessage().contains("repeated"));
        assertThrows(IllegalArgumentException.class, () -> AxisMask.of(3));
        assertThrows(IllegalArgumentException.class, () -> AxisMask.of(9, 0));
    }
}
