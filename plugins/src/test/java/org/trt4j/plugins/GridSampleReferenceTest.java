package org.trt4j.plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.PluginField;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.weights.npy.NpyArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The Java grid_sample against PyTorch, every mode × padding × align_corners, out-of-range grids included. */
class GridSampleReferenceTest {

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (GridSample.Mode mode : GridSample.Mode.values())
            for (GridSample.Padding padding : GridSample.Padding.values())
                for (boolean align : new boolean[] {false, true})
                    cases.add(Arguments.of(mode, padding, align));
        return cases;
    }

    static String goldenName(GridSample.Mode mode, GridSample.Padding padding, boolean align) {
        return "grid_sample_" + mode.name().toLowerCase() + "_" + padding.name().toLowerCase() + "_ac" + (align ? 1 : 0);
    }

    @ParameterizedTest(name = "{0} {1} align_corners={2}")
    @MethodSource("cases")
    void matchesPyTorch(GridSample.Mode mode, GridSample.Padding padding, boolean align) {
        Map<String, NpyArray> golden = Goldens.read(goldenName(mode, padding, align));
        HostTensor out = GridSample.apply(Goldens.tensor(golden, "input"), Goldens.tensor(golden, "grid"), mode, padding, align);
        NpyArray expected = golden.get("output");
        assertArrayEquals(expected.shape(), out.shape());
        assertTrue(Goldens.maxAbsDiff(out.floats(), expected.floats()) <= 1e-5f,
                "max abs diff " + Goldens.maxAbsDiff(out.floats(), expected.floats()));
    }

    @Test
    void mvsHomographyWarpMatchesPyTorch() {
        Map<String, NpyArray> golden = Goldens.read("grid_sample_mvs");
        HostTensor out = GridSample.apply(Goldens.tensor(golden, "input"), Goldens.tensor(golden, "grid"),
                GridSample.Mode.BILINEAR, GridSample.Padding.ZEROS, true);
        assertArrayEquals(new int[] {1, 4, 24, 10}, out.shape());
        assertTrue(Goldens.maxAbsDiff(out.floats(), golden.get("output").floats()) <= 1e-5f);
    }

    @Test
    void nearestRoundsHalvesToEven() {
        // W = 4, align_corners=false: x = 0, 0.5, -0.5 map exactly to 1.5, 2.5, 0.5, which round to 2, 2, 0.
        HostTensor input = HostTensor.of(new float[] {10, 11, 12, 13}, 1, 1, 1, 4);
        HostTensor grid = HostTensor.of(new float[] {0f, 0f, 0.5f, 0f, -0.5f, 0f}, 1, 1, 3, 2);
        HostTensor out = GridSample.apply(input, grid, GridSample.Mode.NEAREST, GridSample.Padding.ZEROS, false);
        assertArrayEquals(new float[] {12, 12, 10}, out.floats());
    }

    @Test
    void nonFiniteGridPointsSampleZero() {
        HostTensor input = HostTensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        HostTensor grid = HostTensor.of(new float[] {Float.NaN, 0f, Float.POSITIVE_INFINITY, 0f}, 1, 1, 2, 2);
        for (GridSample.Padding padding : GridSample.Padding.values())
            assertArrayEquals(new float[] {0, 0},
                    GridSample.apply(input, grid, GridSample.Mode.BILINEAR, padding, false).floats(), padding.name());
    }

    @Test
    void halfInputGivesHalfOutput() {
        HostTensor input = new HostTensor(DType.HALF, new int[] {1, 1, 1, 2}, new float[] {1f, 2f}, null);
        HostTensor grid = HostTensor.of(new float[] {0.1f, 0f}, 1, 1, 1, 2);
        HostTensor out = GridSample.apply(input, grid, GridSample.Mode.BILINEAR, GridSample.Padding.BORDER, true);
        assertEquals(DType.HALF, out.dtype());
        assertEquals(1.55f, out.floats()[0], 1e-3f);
        assertEquals(out.floats()[0], org.trt4j.weights.Half.toFloat(org.trt4j.weights.Half.fromFloat(out.floats()[0])));
    }

    @Test
    void mismatchedShapesNameTheLayer() {
        Network network = new Network("t");
        try (Network.CurrentScope scope = network.makeCurrent()) {
            Tensor x = network.addInput("x", DType.FLOAT, Shape.of(1, 3, 4, 4));
            Tensor grid = network.addInput("grid", DType.FLOAT, Shape.of(1, 4, 4, 3));
            UserError e = assertThrows(UserError.class, () -> PluginOps.gridSample(x, grid, "bilinear", "zeros", false));
            assertTrue(e.getMessage().contains("gridsample") && e.getMessage().contains("1x4x4x3"), e.getMessage());
            UserError mode = assertThrows(UserError.class, () -> PluginOps.gridSample(x, grid, "bicubic", "zeros", false));
            assertTrue(mode.getMessage().contains("bicubic") && mode.getMessage().contains("bilinear, nearest"), mode.getMessage());
        }
    }

    @Test
    void gridSampleOpInfersDynamicShapes() {
        Network network = new Network("t");
        try (Network.CurrentScope scope = network.makeCurrent()) {
            Tensor x = network.addInput("x", DType.HALF, Shape.of(-1, 32, 128, 160));
            Tensor grid = network.addInput("grid", DType.FLOAT, Shape.of(-1, 48 * 128, 160, 2));
            Tensor out = PluginOps.gridSample(x, grid, GridSample.Mode.BILINEAR, GridSample.Padding.ZEROS, true);
            assertEquals(Shape.of(-1, 32, 48 * 128, 160), out.shape());
            assertEquals(DType.HALF, out.dtype());
            GridSampleSpec spec = (GridSampleSpec) ((Op.Plugin) out.producer().op()).spec();
            assertEquals(List.of("interpolation_mode", "padding_mode", "align_corners"),
                    spec.fields().stream().map(PluginField::name).toList());
            assertArrayEquals(new int[] {1}, spec.fields().get(2).ints());
        }
    }
}
