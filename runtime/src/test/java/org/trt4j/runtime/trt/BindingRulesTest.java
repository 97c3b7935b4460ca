package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.tensor.HostTensor;

import static org.junit.jupiter.api.Assertions.*;

/** The checks behind ExecutionSession.bind and DeviceTensor's copies, without CUDA. */
class BindingRulesTest {
    static final EngineTensor STATE_IN = new EngineTensor("h", DType.FLOAT, new int[] {1, 8, -1, -1}, true, false,
            ShapeRange.parse("1x8x4x4:1x8x8x8:1x8x16x16"), null);
    static final EngineTensor STATE_OUT = new EngineTensor("h_out", DType.FLOAT, new int[] {1, 8, -1, -1}, false, false, null, null);
    static final EngineTensor SIZE = new EngineTensor("size", DType.INT32, new int[] {2}, true, true, null, ShapeRange.parse("4x4:8x8:16x16"));

    static String message(Runnable r) { return assertThrows(UserError.class, r::run).getMessage(); }

    @Test void byteSizeIsElementsTimesElementBytes() {
        assertEquals(1L * 8 * 8 * 8 * 4, BindingRules.byteSize(DType.FLOAT, new int[] {1, 8, 8, 8}));
        assertEquals(3L * 2, BindingRules.byteSize(DType.HALF, new int[] {3}));
        assertEquals(8, BindingRules.byteSize(DType.INT64, new int[0]));
        assertEquals(0, BindingRules.byteSize(DType.BOOL, new int[] {0, 5}));
        assertTrue(message(() -> BindingRules.byteSize(DType.FLOAT, new int[] {1, -1, 8})).contains("static shape, got 1x?x8"));
        assertTrue(message(() -> BindingRules.byteSize(DType.INT64, new int[] {1 << 30, 1 << 30, 1 << 30})).contains("too large"));
    }

    @Test void inputTakesTensorsOfItsTypeInsideTheProfile() {
        BindingRules.checkBindable(STATE_IN, DType.FLOAT, new int[] {1, 8, 8, 8});
        BindingRules.checkBindable(STATE_IN, DType.FLOAT, new int[] {1, 8, 16, 4});
        String type = message(() -> BindingRules.checkBindable(STATE_IN, DType.HALF, new int[] {1, 8, 8, 8}));
        assertTrue(type.contains("input 'h' has type FLOAT 1x8x?x?, got a device tensor of type HALF 1x8x8x8"), type);
        String fixed = message(() -> BindingRules.checkBindable(STATE_IN, DType.FLOAT, new int[] {1, 4, 8, 8}));
        assertTrue(fixed.contains("dimension 1 is fixed at 8, got 1x4x8x8"), fixed);
        String rank = message(() -> BindingRules.checkBindable(STATE_IN, DType.FLOAT, new int[] {8, 8, 8}));
        assertTrue(rank.contains("has rank 4"), rank);
        String profile = message(() -> BindingRules.checkBindable(STATE_IN, DType.FLOAT, new int[] {1, 8, 32, 8}));
        assertTrue(profile.contains("outside the engine's profile 1x8x4x4 .. 1x8x16x16"), profile);
    }

    @Test void outputChecksFixedDimensionsThenTheResolvedShape() {
        BindingRules.checkBindable(STATE_OUT, DType.FLOAT, new int[] {1, 8, 100, 3}); // dynamic dims: checked once resolved
        String fixed = message(() -> BindingRules.checkBindable(STATE_OUT, DType.FLOAT, new int[] {1, 7, 8, 8}));
        assertTrue(fixed.contains("output 'h_out' has shape 1x8x?x?, got a device tensor of shape 1x7x8x8"), fixed);
        BindingRules.checkResolvedOutput(STATE_OUT, new int[] {1, 8, 8, 8}, new int[] {1, 8, 8, 8});
        String resolved = message(() -> BindingRules.checkResolvedOutput(STATE_OUT, new int[] {1, 8, 8, 8}, new int[] {1, 8, 16, 16}));
        assertTrue(resolved.contains("output 'h_out' has shape 1x8x8x8 for the current inputs, but its bound device tensor has shape 1x8x16x16"), resolved);
    }

    @Test void shapeTensorsCannotBeBound() {
        assertTrue(message(() -> BindingRules.checkBindable(SIZE, DType.INT32, new int[] {2})).contains("input 'size' is a shape tensor"));
    }

    @Test void hostCopiesNeedTheSameShapeAndKind() {
        BindingRules.checkHostCopy(DType.HALF, new int[] {2, 2}, HostTensor.zeros(2, 2));
        BindingRules.checkHostCopy(DType.INT64, new int[] {3}, HostTensor.ofInts(new int[3], 3));
        String shape = message(() -> BindingRules.checkHostCopy(DType.FLOAT, new int[] {2, 2}, HostTensor.zeros(4)));
        assertTrue(shape.contains("device tensor FLOAT 2x2 cannot take a host tensor of shape 4"), shape);
        String kind = message(() -> BindingRules.checkHostCopy(DType.FLOAT, new int[] {3}, HostTensor.ofInts(new int[3], 3)));
        assertTrue(kind.contains("cannot take a host tensor of type INT32 (give float values)"), kind);
    }
}
