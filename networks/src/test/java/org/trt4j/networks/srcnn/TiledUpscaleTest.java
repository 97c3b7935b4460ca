package org.trt4j.networks.srcnn;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.run.CpuRunner;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Tiles with their margins give the whole-image result, tile edges included, at every shipped scale (within float
 * rounding: the GEMMs of a tile and of the whole image block differently; the 8-bit output steps are 4e-3), and a
 * margin too small for the receptive field shows at the seams.
 */
class TiledUpscaleTest {
    @Test void tilesGiveTheWholeImageResult() throws Exception {
        int h = 37, w = 45;
        float[] v = new float[3 * h * w];
        for (int i = 0; i < v.length; i++) v[i] = (float) (0.5 + 0.4 * Math.sin(i * 0.37) * Math.cos(i * 0.011));
        HostTensor image = HostTensor.of(v, 1, 3, h, w);
        for (int scale = 2; scale <= 4; scale++) {
            DefinedNetwork net = NetworkRegistry.define("srcnn", WeightsSource.load(null, UpscaleCommand.shippedWeights(scale)).weights(),
                    Map.of("scale", String.valueOf(scale)), Map.of());
            try (CpuRunner runner = new CpuRunner(net.network())) {
                float[] whole = runner.run(Map.of(SrcnnFactory.INPUT, image)).get(SrcnnFactory.OUTPUT).floats();
                for (int side : new int[]{16, 11}) { // 11: tiles that do not divide the image, a last tile thinner than the margin
                    HostTensor tiled = TiledUpscale.tiled(runner, image, scale, side, TiledUpscale.MARGIN);
                    assertArrayEquals(new int[]{1, 3, h * scale, w * scale}, tiled.shape());
                    double max = maxDifference(tiled.floats(), whole);
                    assertTrue(max <= 1e-5, "x" + scale + " in tiles of " + side + ": max difference " + max);
                }
                double seams = maxDifference(TiledUpscale.tiled(runner, image, scale, 16, 1).floats(), whole);
                assertTrue(seams > 1e-3, "x" + scale + " with a 1-pixel margin: max difference only " + seams);
            }
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }

    @Test void tilesFitTheEngineProfileAndTheOutputBudget() {
        for (int scale = 1; scale <= 8; scale++) {
            int withMargins = TiledUpscale.tileSide(scale) + 2 * TiledUpscale.MARGIN;
            assertTrue(withMargins <= TiledUpscale.MAX_INPUT_SIDE, "x" + scale + ": " + withMargins);
            assertTrue((long) withMargins * scale * withMargins * scale <= TiledUpscale.MAX_OUTPUT_PIXELS || withMargins == 64 + 2 * TiledUpscale.MARGIN,
                    "x" + scale + ": " + withMargins);
        }
    }
}
