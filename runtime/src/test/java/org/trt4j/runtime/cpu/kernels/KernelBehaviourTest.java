package org.trt4j.runtime.cpu.kernels;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;

import static org.junit.jupiter.api.Assertions.*;

/** Behaviour the PyTorch goldens cannot pin down: tie order, TensorRT-only modes, and errors on bad input. */
class KernelBehaviourTest {

    @Test void topKKeepsTheLowerIndexFirstOnTies() {
        HostTensor x = HostTensor.of(new float[]{1, 3, 3, 2, 1, 1}, 2, 3);
        HostTensor[] max = Reduction.topK(x, 2, 1, true);
        assertArrayEquals(new float[]{3, 3, 2, 1}, max[0].floats());
        assertArrayEquals(new int[]{1, 2, 0, 1}, max[1].ints());
        HostTensor[] min = Reduction.topK(x, 2, 1, false);
        assertArrayEquals(new float[]{1, 3, 1, 1}, min[0].floats());
        assertArrayEquals(new int[]{0, 1, 1, 2}, min[1].ints());
    }

    @Test void asymmetricLinearResizeSamplesAtDstTimesRatio() {
        HostTensor x = HostTensor.of(new float[]{0, 10}, 1, 1, 2);
        HostTensor y = Resize.resize(x, new int[]{1, 1, 4}, null, Resize.Mode.LINEAR,
                Resize.CoordinateTransform.ASYMMETRIC, Resize.NearestRounding.FLOOR, -0.75f);
        assertArrayEquals(new float[]{0, 5, 10, 10}, y.floats());
    }

    @Test void nearestRoundingModesPickTheDocumentedNeighbour() {
        HostTensor x = HostTensor.of(new float[]{0, 1, 2, 3}, 4);
        // asymmetric, ratio 0.5: sources 0, .5, 1, 1.5, 2, 2.5, 3, 3.5
        assertArrayEquals(new float[]{0, 1, 1, 2, 2, 3, 3, 3}, nearest(x, Resize.NearestRounding.CEIL));
        assertArrayEquals(new float[]{0, 1, 1, 2, 2, 3, 3, 3}, nearest(x, Resize.NearestRounding.HALF_UP));
        assertArrayEquals(new float[]{0, 0, 1, 1, 2, 2, 3, 3}, nearest(x, Resize.NearestRounding.HALF_DOWN));
    }

    private static float[] nearest(HostTensor x, Resize.NearestRounding rounding) {
        return Resize.resize(x, new int[]{8}, null, Resize.Mode.NEAREST, Resize.CoordinateTransform.ASYMMETRIC, rounding, -0.75f).floats();
    }

    @Test void asymmetricPoolingPaddingPadsOnlyTheTrailingEdge() {
        HostTensor x = HostTensor.of(new float[]{1, 2, 3, 4}, 1, 1, 2, 2);
        HostTensor y = Pooling.pool(x, Pooling.Kind.MAX, new int[]{2, 2}, new int[]{1, 1}, new int[]{0, 0}, new int[]{1, 1}, false, true);
        assertArrayEquals(new int[]{1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[]{4, 4, 4, 4}, y.floats());
        HostTensor avg = Pooling.pool(x, Pooling.Kind.AVERAGE, new int[]{2, 2}, new int[]{1, 1}, new int[]{0, 0}, new int[]{1, 1}, false, false);
        assertArrayEquals(new float[]{2.5f, 3, 3.5f, 4}, avg.floats());
    }

    @Test void reshapeInfersOneDimAndSharesValues() {
        HostTensor x = HostTensor.of(new float[12], 2, 3, 2);
        HostTensor y = Layout.reshape(x, new int[]{-1, 4});
        assertArrayEquals(new int[]{3, 4}, y.shape());
        assertSame(x.floats(), y.floats());
        assertThrows(UserError.class, () -> Layout.reshape(x, new int[]{5, -1}));
    }

    @Test void castTruncatesTowardZeroAndWidens() {
        HostTensor y = Indexing.cast(HostTensor.of(new float[]{-2.7f, 2.7f, -0.2f}, 3), DType.INT32);
        assertArrayEquals(new int[]{-2, 2, 0}, y.ints());
        assertArrayEquals(new float[]{-2, 2, 0}, Indexing.cast(y, DType.FLOAT).floats());
    }

    @Test void castToHalfRoundsToBinary16() {
        HostTensor y = Indexing.cast(HostTensor.of(new float[]{1.0001f, 65504f, 1e-8f}, 3), DType.HALF);
        assertEquals(DType.HALF, y.dtype());
        assertArrayEquals(new float[]{1f, 65504f, 0f}, y.floats());
    }

    @Test void integerPowerBySquaring() {
        HostTensor y = ElementWise.elementWise(HostTensor.ofInts(new int[]{3, -2, 7, 1}, 4),
                HostTensor.ofInts(new int[]{5, 3, 0, 1_000_000_000}, 4), ElementWise.Kind.POW);
        assertArrayEquals(new int[]{243, -8, 1, 1}, y.ints());
    }

    @Test void badInputIsAUserErrorNamingTheShapes() {
        HostTensor x = HostTensor.zeros(1, 3, 4, 4);
        UserError conv = assertThrows(UserError.class, () -> Convolution.convolution(x, HostTensor.zeros(8, 2, 3, 3), null,
                new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 1));
        assertTrue(conv.getMessage().contains("1x3x4x4"), conv.getMessage());
        UserError add = assertThrows(UserError.class, () -> ElementWise.elementWise(x, HostTensor.zeros(3, 5), ElementWise.Kind.SUM));
        assertTrue(add.getMessage().contains("[3, 5]"), add.getMessage());
        assertThrows(UserError.class, () -> Layout.slice(x, new int[]{0, 0, 0, 2}, new int[]{1, 3, 4, 3}, new int[]{1, 1, 1, 1}));
        assertThrows(UserError.class, () -> ElementWise.elementWise(HostTensor.ofInts(new int[]{1}, 1),
                HostTensor.ofInts(new int[]{0}, 1), ElementWise.Kind.DIV));
        assertThrows(UserError.class, () -> Pooling.pool(x, Pooling.Kind.MAX, new int[]{2, 2}, new int[]{1, 1},
                new int[]{2, 2}, new int[]{2, 2}, false, true));
        assertThrows(UserError.class, () -> Layout.concat(1, x, HostTensor.zeros(1, 3, 4, 5)));
    }
}
