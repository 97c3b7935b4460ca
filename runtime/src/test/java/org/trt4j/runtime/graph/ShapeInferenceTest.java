package org.trt4j.runtime.graph;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.nn.F;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Shape and dtype inference of every op, through the functional API, and the errors naming the layer. */
class ShapeInferenceTest {
    private Network net;
    private Network.CurrentScope scope;

    @BeforeEach void open() {
        net = new Network("test");
        scope = net.makeCurrent();
    }

    @AfterEach void close() { scope.close(); }

    private Tensor input(String name, int... dims) { return net.addInput(name, DType.FLOAT, Shape.of(dims)); }

    private static Weights w(int... shape) { return Weights.zeros("w", Shape.of(shape)); }

    private static void assertShape(String expected, Tensor t) { assertEquals(expected, t.shape().toString()); }

    @Test void convolution2dAnd3d() {
        Tensor x = input("x", 1, 3, 224, 224);
        assertShape("1x64x112x112", F.conv2d(x, w(64, 3, 7, 7), w(64), 2, 3, 1, 1));
        assertShape("1x8x222x220", F.conv(null, x, w(8, 3, 3, 5), null, new int[]{1, 1}, new int[]{0, 0}, new int[]{0, 0}, new int[]{1, 1}, 1));
        assertShape("1x6x224x224", F.conv2d(x, w(6, 1, 3, 3), null, 1, 2, 2, 3));
        Tensor v = input("v", 2, 4, -1, 16, 16);
        assertShape("2x8x?x8x8", F.conv3d(v, w(8, 4, 3, 3, 3), null, new int[]{1, 2, 2}, new int[]{1, 1, 1}, new int[]{1, 1, 1}, 1));
        // asymmetric ("same" for stride 2) padding
        assertShape("1x3x112x112", F.conv(null, x, w(3, 3, 2, 2), null, new int[]{2, 2}, new int[]{0, 0}, new int[]{1, 1}, new int[]{1, 1}, 1));
    }

    @Test void convolutionErrorsNameTheModulePath() {
        Tensor x = input("x", 1, 64, 56);
        ShapeError e;
        try (var s = net.enterScope("backbone.layer1.0.conv1")) {
            e = assertThrows(ShapeError.class, () -> F.conv(null, x, w(64, 64, 3, 3), null, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 1));
        }
        assertEquals("backbone.layer1.0.conv1: Convolution input 1x64x56 has rank 3, expected 4 (NCHW)", e.getMessage());
        Tensor y = input("y", 1, 32, 8, 8);
        e = assertThrows(ShapeError.class, () -> F.conv2d(y, w(16, 16, 3, 3), null, 1, 1, 1, 1));
        assertTrue(e.getMessage().startsWith("conv: Convolution weights w FLOAT 16x16x3x3 have 2304 values, expected 4608"), e.getMessage());
        e = assertThrows(ShapeError.class, () -> F.conv2d(y, w(16, 32, 9, 9), null, 1, 0, 1, 1));
        assertTrue(e.getMessage().contains("smaller than the dilated kernel 9"), e.getMessage());
    }

    @Test void deconvolution() {
        Tensor x = input("x", 1, 16, 10, 10);
        assertShape("1x8x20x20", F.convTranspose2d(x, w(16, 8, 4, 4), w(8), new int[]{2, 2}, new int[]{1, 1}, new int[]{0, 0}, 1, new int[]{1, 1}));
        assertShape("1x8x20x20", F.convTranspose2d(x, w(16, 8, 3, 3), null, new int[]{2, 2}, new int[]{1, 1}, new int[]{1, 1}, 1, new int[]{1, 1}));
        assertShape("1x16x21x21", F.convTranspose2d(x, w(16, 4, 3, 3), null, new int[]{2, 2}, new int[]{0, 0}, new int[]{0, 0}, 4, new int[]{1, 1}));
        ShapeError e = assertThrows(ShapeError.class, () -> F.convTranspose2d(x, w(8, 8, 3, 3), null, new int[]{2, 2}, new int[]{0, 0}, new int[]{0, 0}, 1, new int[]{1, 1}));
        assertTrue(e.getMessage().contains("expected 1152"), e.getMessage());
    }

    @Test void scaleActivationUnary() {
        Tensor x = input("x", 2, 3, 4, 4);
        assertShape("2x3x4x4", F.batchNorm(x, w(3), Weights.of("var", new float[]{1, 1, 1}, 3), null, null, 1e-5f));
        ShapeError e = assertThrows(ShapeError.class, () -> F.scale(x, Op.ScaleMode.CHANNEL, 1, w(4), null, null));
        assertTrue(e.getMessage().contains("have 4 values, expected 3 (channels of 2x3x4x4)"), e.getMessage());
        assertShape("2x3x4x4", F.hardSwish(F.leakyRelu(x, 0.1f)));
        assertEquals(DType.BOOL, F.unary(x, Op.UnaryOperation.ISNAN).dtype());
        Tensor i = net.addInput("i", DType.INT32, Shape.of(3));
        e = assertThrows(ShapeError.class, () -> F.relu(i));
        assertEquals("relu: Activation RELU needs a FLOAT or HALF input, got INT32 3", e.getMessage());
    }

    @Test void poolingFloorAndCeil() {
        Tensor x = input("x", 1, 8, 7, 7);
        assertShape("1x8x3x3", F.maxPool2d(x, 2, 2, 0));
        assertShape("1x8x4x4", F.maxPool2d(x, new int[]{2, 2}, null, new int[]{0, 0}, true));
        // PyTorch: ceil mode drops a last window that would start in the trailing padding
        Tensor y = input("y", 1, 1, 6, 6);
        assertShape("1x1x4x4", F.avgPool2d(y, new int[]{3, 3}, new int[]{2, 2}, new int[]{1, 1}, true, true));
        assertShape("1x8x1x1", F.globalAvgPool(x));
        ShapeError e = assertThrows(ShapeError.class, () -> F.maxPool2d(x, new int[]{3, 3}, null, new int[]{2, 2}, false));
        assertTrue(e.getMessage().contains("at most half the kernel"), e.getMessage());
    }

    @Test void padding() {
        Tensor x = input("x", 1, 4, 8, -1);
        assertShape("1x4x11x?", F.pad(x, new int[]{1, 2, 2, 1}, "reflect", 0f));
        assertShape("1x4x6x?", F.pad(x, new int[]{0, 0, -1, -1}, "constant", 0f));
        ShapeError e = assertThrows(ShapeError.class, () -> F.pad(x, new int[]{0, 0, 8, 0}, "reflect", 0f));
        assertTrue(e.getMessage().endsWith("must be smaller than input 1x4x8x? in dim 2"), e.getMessage());
        assertShape("1x4x4x?", F.pooling(x, Op.PoolingType.MAX, new int[]{2, 2}, new int[]{2, 1}, new int[]{0, 0}, new int[]{0, 1}, false, false));
    }

    @Test void elementWiseBroadcastsAndEqualizesRanks() {
        Tensor a = input("a", 2, 3, -1, 5);
        Tensor b = input("b", 5);
        Tensor sum = F.add(a, b);
        assertShape("2x3x?x5", sum);
        assertEquals("Shuffle", sum.producer().input(1).producer().op().kind());
        assertShape("2x3x?x5", F.mul(a, 2.0));
        assertEquals(DType.BOOL, F.greater(a, b).dtype());
        Tensor c = input("c", 2, 4, 1, 1);
        ShapeError e = assertThrows(ShapeError.class, () -> F.sub(a, c));
        assertEquals("sub: ElementWise SUB inputs 2x3x?x5 and 2x4x1x1 do not broadcast (dimension 1: 3 vs 4)", e.getMessage());
    }

    @Test void concatSliceShuffle() {
        Tensor a = input("a", 1, 3, -1, 8), b = input("b", 1, 5, -1, 8);
        assertShape("1x8x?x8", F.cat(List.of(a, b), 1));
        ShapeError e = assertThrows(ShapeError.class, () -> F.cat(List.of(a, b), -1));
        assertTrue(e.getMessage().contains("differs from 1x3x?x8 in dimension 1"), e.getMessage());
        Tensor x = input("x", 1, 10, 6, 6);
        assertShape("1x4x6x6", F.slice(x, 1, 2, 10, 2));
        assertShape("1x10x6x2", F.slice(x, -1, -2, Integer.MAX_VALUE, 1));
        assertShape("1x10x36", F.flatten(x, 2, 3));
        assertShape("6x6x10x1", F.permute(x, 2, 3, 1, 0));
        assertShape("1x5x2x36", F.reshape(x, 0, 5, -1, 36));
        assertShape("1x10x1x6x6", F.unsqueeze(x, 2));
        List<Tensor> parts = F.split(x, new int[]{3, 7}, 1);
        assertShape("1x3x6x6", parts.get(0));
        assertShape("1x7x6x6", parts.get(1));
        assertEquals(3, F.chunk(x, 3, -1).size());
        e = assertThrows(ShapeError.class, () -> F.reshape(x, 7, -1));
        assertTrue(e.getMessage().matches("reshape_\\d+: Shuffle cannot reshape 1x10x6x6 \\(360 elements\\) to \\[7, -1]"), e.getMessage());
        e = assertThrows(ShapeError.class, () -> F.slice(x, new int[]{0, 8, 0, 0}, new int[]{1, 4, 6, 6}, new int[]{1, 1, 1, 1}));
        assertTrue(e.getMessage().contains("reads outside input 1x10x6x6 in dimension 1"), e.getMessage());
    }

    @Test void dynamicSliceAndFlattenGoThroughShapeTensors() {
        Tensor x = input("x", -1, 4, -1, -1);
        assertShape("?x2x?x?", F.slice(x, 1, 1, 3, 1));
        assertShape("?x4x?x?", F.slice(x, 2, 1, -1, 2));
        assertShape("?x?", F.flatten(x, 1, 3));
        assertShape("?x?x?", F.flatten(x, 0, 1));
        assertShape("?x4x1x?x?", F.unsqueeze(x, 2));
        assertShape("1x?x4x?x?", F.unsqueeze(x, 0));
        assertShape("?x?x?", F.squeeze(F.slice(x, 1, 0, 1, 1), 1));
        Tensor y = input("y", -1, 2, 3, -1);
        assertShape("?x6x?", F.flatten(y, 1, 2));
    }

    @Test void shapeArithmeticFoldsKnownShapes() {
        Tensor x = input("x", 2, 3, 8, 8);
        Tensor shape = F.shapeOf(x);
        assertEquals(DType.INT64, shape.dtype());
        assertArrayEquals(new int[]{2, 3, 8, 8}, shape.knownValue());
        Tensor doubled = F.mul(shape, F.shapeValues(1, 1, 2, 2));
        assertArrayEquals(new int[]{2, 3, 16, 16}, doubled.knownValue());
        assertShape("2x3x16x16", F.reshape(F.resize(x, new Op.Resize(Op.ResizeMode.NEAREST, Op.CoordinateTransform.ASYMMETRIC,
                Op.NearestRounding.FLOOR, -0.75f, null, null), doubled), doubled));
        Tensor dyn = input("dyn", -1, 3, 8, 8);
        assertNull(F.shapeOf(dyn).knownValue());
        assertShape("?x3x8x8", F.reshape(dyn, F.shapeOf(dyn)));
    }

    @Test void shapeArithmeticWithARunTimeFactorKeepsTheKnownEntries() {
        Tensor x = input("x", -1, 3, -1, -1);
        Tensor factor = F.cast(net.addInput("factor", DType.INT32, Shape.of(1)), DType.INT64);  // value known at run time only
        Tensor scales = F.cat(List.of(F.shapeValues(1, 1), factor, factor), 0);
        Tensor outShape = F.mul(F.shapeOf(x), scales);
        assertArrayEquals(new int[]{TensorType.UNKNOWN, 3, TensorType.UNKNOWN, TensorType.UNKNOWN}, outShape.type().value());
        Tensor up = F.resize(x, new Op.Resize(Op.ResizeMode.LINEAR, Op.CoordinateTransform.HALF_PIXEL,
                Op.NearestRounding.FLOOR, -0.75f, null, null), outShape);
        assertShape("?x3x?x?", up);
    }

    @Test void resizeByScaleSizeAndShapeTensor() {
        Tensor x = input("x", 1, 3, 5, 7);
        assertShape("1x3x10x14", F.interpolate(x, null, new float[]{2, 2}, "nearest", false));
        assertShape("1x3x7x7", F.interpolate(x, null, new float[]{1.5f, 1f}, "bilinear", true));
        assertShape("1x3x16x16", F.interpolate(x, new int[]{16, 16}, null, "bicubic", false));
        Op.Resize r = (Op.Resize) F.interpolate(x, new int[]{4, 4}, null, "bilinear", false).producer().op();
        assertEquals(Op.CoordinateTransform.HALF_PIXEL, r.coordinateTransform());
        Tensor ref = input("ref", 1, 3, 20, 28);
        assertShape("1x3x20x28", F.interpolateLike(x, ref, "bilinear", false));
        Tensor d = input("d", -1, 3, -1, -1);
        Tensor half = F.interpolate(d, null, new float[]{0.5f, 0.5f}, "bilinear", false);
        Tensor back = F.interpolateLike(half, d, "bilinear", false);
        assertShape("?x3x?x?", back);
        assertEquals(2, back.producer().inputs().size());
        Tensor y = F.interpolate(d, new int[]{32, 32}, null, "nearest", false);
        assertShape("?x3x32x32", y);
        assertEquals(2, y.producer().inputs().size());
    }

    @Test void interpolateToASizeTensorKeepsBatchAndChannels() {
        Tensor d = input("d", -1, 3, -1, -1);
        Tensor factor = net.addInput("factor", DType.INT32, Shape.of(1));
        Tensor size = F.mul(F.slice(F.shapeOf(d), new int[]{2}, new int[]{2}, new int[]{1}), F.cast(factor, DType.INT64));
        // channels stay known although the size is only known at run time, so a convolution can follow
        assertShape("?x3x?x?", F.interpolate(d, size, "bicubic", false));
        Tensor x = input("x", 2, 4, 5, 6);
        assertShape("2x4x10x3", F.interpolate(x, F.shapeValues(10, 3), "bilinear", true));
        UserError e = assertThrows(UserError.class, () -> F.interpolate(x, F.shapeValues(10, 3, 1), "bilinear", false));
        assertTrue(e.getMessage().contains("interpolate size tensor INT64 3 must be a 1-D integer tensor of 2 entries for 2x4x5x6"), e.getMessage());
    }

    @Test void fillTakesItsShapeFromAShapeTensor() {
        Tensor x = input("x", 1, -1, 7);
        Tensor grid = F.arange(F.shapeOf(x), 1, 0, 1, DType.FLOAT);
        assertShape("1x?x7", grid);
        assertEquals(DType.FLOAT, grid.dtype());
        Tensor ints = F.arange(F.shapeValues(4, 2), -1, 3, -1, DType.INT32);
        assertShape("4x2", ints);
        assertEquals(DType.INT32, ints.dtype());
        ShapeError e = assertThrows(ShapeError.class, () -> F.arange(F.shapeValues(4, 2), 0, 0.5, 1, DType.INT32));
        assertTrue(e.getMessage().endsWith("Fill INT32 start 0.5 and delta 1.0 must be whole numbers"), e.getMessage());
        e = assertThrows(ShapeError.class, () -> F.arange(F.shapeValues(4, 0), 0, 0, 1, DType.FLOAT));
        assertTrue(e.getMessage().endsWith("Fill output shape [4, 0] has a dim <= 0"), e.getMessage());
        e = assertThrows(ShapeError.class, () -> F.arange(F.shapeValues(4, 2), 0, 0, 1, DType.BOOL));
        assertTrue(e.getMessage().endsWith("Fill dtype must be FLOAT or INT32, got BOOL"), e.getMessage());
        e = assertThrows(ShapeError.class, () -> F.arange(F.cast(F.shapeValues(4, 2), DType.INT32), 0, 0, 1, DType.FLOAT));
        assertTrue(e.getMessage().endsWith("Fill output shape must be an INT64 shape tensor, got INT32"), e.getMessage());
        assertThrows(UserError.class, () -> F.arange(F.shapeValues(4, 2), 2, 0, 1, DType.FLOAT));
    }

    @Test void matmulSoftmaxReduceGatherTopK() {
        Tensor a = input("a", 4, 2, 3), b = input("b", 3, 5);
        assertShape("4x2x5", F.matmul(a, b));
        Tensor v = input("v", 3);
        assertShape("4x2", F.matmul(a, v));
        ShapeError e = assertThrows(ShapeError.class, () -> F.matmul(b, a));
        assertTrue(e.getMessage().contains("MatMul inner dimensions differ"), e.getMessage());
        assertShape("4x2x3", F.softmax(a, -1));
        assertShape("4x3", F.sum(a, new int[]{1}, false));
        assertShape("4x1x3", F.mean(a, new int[]{-2}, true));
        assertShape("4x3", F.select(a, 1, -1));
        Tensor idx = net.addInput("idx", DType.INT32, Shape.of(6, 2));
        assertShape("4x6x2x3", F.gather(a, 1, idx));
        F.ValuesIndices top = F.topk(a, 2, 2, true);
        assertShape("4x2x2", top.values());
        assertEquals(DType.INT32, top.indices().dtype());
        e = assertThrows(ShapeError.class, () -> F.topk(a, 4, 2, true));
        assertEquals("topk_1: TopK k=4 is out of range for axis 2 of 4x2x3", e.getMessage());
    }

    @Test void constantCastSelectIdentity() {
        Tensor c = F.constant(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertShape("2x3", c);
        assertEquals(6, c.producer().op().parameterCount());
        Tensor i = F.cast(c, DType.INT32);
        assertEquals(DType.INT32, i.dtype());
        Tensor x = input("x", 2, 3);
        assertShape("2x3", F.where(F.less(x, c), x, c));
        assertShape("2x3", F.identity(x));
    }

    @Test void layerNamesFollowScopesAndAreUnique() {
        Tensor x = input("x", 1, 4);
        Tensor r1, r2;
        try (var s = net.enterScope("layer1.0")) {
            r1 = F.relu(x);
            r2 = F.relu(r1);
        }
        assertEquals("layer1.0.relu", r1.producer().name());
        assertEquals("layer1.0.relu_1", r2.producer().name());
        net.markOutput("out", r2);
        assertEquals("out", net.outputs().get(0).name());
        net.markOutput("same", r2);
        assertEquals("Identity", net.output("same").producer().op().kind());
    }
}
