package org.trt4j.networks.rvm;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.networks.HashWeights;
import org.trt4j.networks.TestResources;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.run.CpuRunner;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU backend against rvm_reference.py (the RVM architecture in PyTorch, hash weights) at 1x3x72x100, ratio 0.5
 * (odd sizes down the pyramid: 36x50, 18x25, 9x13, 5x7, 3x4, so the crops and ceil-mode pooling matter), 3 frames
 * with the states carried: fgr and pha of every frame and the states after the last.
 */
class RvmCpuGoldenTest {
    static final int H = 72, W = 100, FRAMES = 3;

    static HostTensor frame(int i, int height, int width) {
        return HostTensor.of(HashWeights.uniform("frame" + i, 3 * height * width, 0.0, 1.0), 1, 3, height, width);
    }

    static DefinedNetwork define(int height, int width, String ratio) throws Exception {
        return NetworkRegistry.define("rvm_mobilenetv3", HashWeights.fromManifest("/golden/rvm/rvm_mobilenetv3.keys.json"),
                Map.of("height", String.valueOf(height), "width", String.valueOf(width), "ratio", ratio), Map.of());
    }

    @Test void threeFramesWithStatesCarriedMatchPyTorch() throws Exception {
        Map<String, NpyArray> g = Npz.read(TestResources.file("/golden/rvm/rvm_small.npz"));
        DefinedNetwork net = define(H, W, "0.5");
        assertEquals(List.of(), net.unusedWeights(), "every checkpoint key is used or deliberately ignored");
        try (CpuRunner cpu = new CpuRunner(net.network());
             RecurrentMatting matting = new RecurrentMatting(cpu, RvmFactory.stateShapes(1, H, W, 0.5f))) {
            for (int i = 0; i < FRAMES; i++) {
                RecurrentMatting.Matte m = matting.next(frame(i, H, W));
                assertMaxAbs(g.get("fgr" + i), m.fgr(), 1e-4, "fgr frame " + i);
                assertMaxAbs(g.get("pha" + i), m.pha(), 1e-4, "pha frame " + i);
            }
            List<HostTensor> states = matting.states();
            for (int k = 0; k < 4; k++) assertMaxAbs(g.get("r" + (k + 1) + "o" + (FRAMES - 1)), states.get(k), 1e-4, "r" + (k + 1) + " after the last frame");

            // the states matter: the last frame from zero states is not the golden
            matting.reset();
            RecurrentMatting.Matte fresh = matting.next(frame(FRAMES - 1, H, W));
            double diff = maxAbs(g.get("pha" + (FRAMES - 1)).floats(), fresh.pha().floats());
            assertTrue(diff > 1e-3, "the last frame without the carried states differs from the golden by only " + diff);
        }
    }

    /** ratio 1: no downsampling and no refiner (its keys ignored), 2 frames at 40x56 (odd sizes 20x28, 10x14, 5x7, 3x4). */
    @Test void ratioOneSkipsTheRefinerAndMatchesPyTorch() throws Exception {
        Map<String, NpyArray> g = Npz.read(TestResources.file("/golden/rvm/rvm_ratio1.npz"));
        DefinedNetwork net = define(40, 56, "1");
        assertEquals(List.of(), net.unusedWeights(), "the refiner's and project_seg's keys are ignored, not unused");
        assertTrue(net.network().layers().stream().noneMatch(l -> l.name().startsWith("refiner")), "no refiner layers at ratio 1");
        try (CpuRunner cpu = new CpuRunner(net.network());
             RecurrentMatting matting = new RecurrentMatting(cpu, RvmFactory.stateShapes(1, 40, 56, 1f))) {
            for (int i = 0; i < 2; i++) {
                RecurrentMatting.Matte m = matting.next(frame(i, 40, 56));
                assertMaxAbs(g.get("fgr" + i), m.fgr(), 1e-4, "ratio 1 fgr frame " + i);
                assertMaxAbs(g.get("pha" + i), m.pha(), 1e-4, "ratio 1 pha frame " + i);
            }
            List<HostTensor> states = matting.states();
            for (int k = 0; k < 4; k++) assertMaxAbs(g.get("r" + (k + 1) + "o1"), states.get(k), 1e-4, "ratio 1 r" + (k + 1));
        }
    }

    @Test void badOptionsAreUserErrors() {
        UserError ratio = assertThrows(UserError.class, () -> define(72, 100, "0"));
        assertTrue(ratio.getMessage().contains("ratio=0"), ratio.getMessage());
        UserError small = assertThrows(UserError.class, () -> define(40, 40, "0.25"));
        assertTrue(small.getMessage().contains("10x10 backbone input"), small.getMessage());
    }

    @Test void stateShapesAtFullHd() {
        List<int[]> s = RvmFactory.stateShapes(1, 1080, 1920, 0.25f);
        assertArrayEquals(new int[]{1, 16, 135, 240}, s.get(0));
        assertArrayEquals(new int[]{1, 20, 68, 120}, s.get(1));
        assertArrayEquals(new int[]{1, 40, 34, 60}, s.get(2));
        assertArrayEquals(new int[]{1, 64, 17, 30}, s.get(3));
    }

    static double maxAbs(float[] e, float[] a) {
        double d = 0;
        for (int i = 0; i < e.length; i++) d = Math.max(d, Math.abs(e[i] - a[i]));
        return d;
    }

    static void assertMaxAbs(NpyArray expected, HostTensor actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double d = maxAbs(expected.floats(), actual.floats());
        System.out.printf("rvm %s: max abs difference %.3g%n", what, d);
        assertTrue(d <= tolerance, what + ": max abs difference " + d + " > " + tolerance);
    }
}
