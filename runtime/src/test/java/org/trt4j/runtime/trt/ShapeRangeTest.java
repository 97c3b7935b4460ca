package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;

import static org.junit.jupiter.api.Assertions.*;

class ShapeRangeTest {

    @Test void parsesMinOptMax() {
        ShapeRange r = ShapeRange.parse("1x3x64x64:1x3x256x256:4x3x512x512");
        assertArrayEquals(new int[] {1, 3, 64, 64}, r.min());
        assertArrayEquals(new int[] {1, 3, 256, 256}, r.opt());
        assertArrayEquals(new int[] {4, 3, 512, 512}, r.max());
        assertEquals("1x3x64x64:1x3x256x256:4x3x512x512", r.toString());
        assertTrue(r.contains(new int[] {2, 3, 100, 512}));
        assertFalse(r.contains(new int[] {5, 3, 100, 100}));
        assertFalse(r.contains(new int[] {1, 3, 100}));
        assertFalse(r.isFixed());
    }

    @Test void singleShapeIsFixed() {
        ShapeRange r = ShapeRange.parse("1x3x32x32");
        assertTrue(r.isFixed());
        assertEquals(ShapeRange.fixed(1, 3, 32, 32), r);
    }

    @Test void rejectsBadRanges() {
        assertTrue(assertThrows(UserError.class, () -> ShapeRange.parse("1x3x64x64:1x3x32x32:1x3x128x128"))
                .getMessage().contains("min <= opt <= max"));
        assertTrue(assertThrows(UserError.class, () -> ShapeRange.parse("1x3x64:1x3x64x64:1x3x64x64")).getMessage().contains("same rank"));
        assertTrue(assertThrows(UserError.class, () -> ShapeRange.parse("1x3:2x3")).getMessage().contains("MIN:OPT:MAX"));
        assertTrue(assertThrows(UserError.class, () -> ShapeRange.parse("1xAx3")).getMessage().contains("bad profile '1xAx3'"));
        assertTrue(assertThrows(UserError.class, () -> ShapeRange.parse("?x3:1x3:1x3")).getMessage().contains("dimensions must be known"));
    }
}
