package org.trt4j.networks.srcnn;

import org.trt4j.runtime.run.Runner;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Map;

/**
 * SRCNN over a large image in tiles: each tile is run with a margin of {@link #MARGIN} input pixels of its neighbours
 * and only its core is kept, so the result is the whole-image result (a pixel depends on at most 2 input pixels
 * through the bicubic upsampling, then 6 output pixels through the 9x9 and 5x5 convolutions) while the memory is one
 * tile's. Whole, a 12 MP photo at x2 needed 12 GB for conv1's 64 channels and overflowed the CPU backend's indexing;
 * tiled, each run stays within the engine's 1024x1024 input profile.
 */
final class TiledUpscale {
    private TiledUpscale() {}

    /** Input pixels of context on each side of a tile: 2 for the bicubic taps, 6 for the convolutions at x1. */
    static final int MARGIN = 8;
    /** The largest output (pixels) run in one piece: 2048x2048, about 1 GB of conv1 activations in FP32. */
    static final long MAX_OUTPUT_PIXELS = 2048L * 2048L;
    /** The largest input side of one run: the engine profile's maximum (upscale's engines are built for it). */
    static final int MAX_INPUT_SIDE = 1024;

    /** The tile side (input pixels, margins not counted): with its margins within both limits above. */
    static int tileSide(int scale) { return Math.max(64, Math.min(MAX_INPUT_SIDE, 2048 / scale) - 2 * MARGIN); }

    static HostTensor upscale(Runner runner, HostTensor image, int scale) {
        int h = image.shape()[2], w = image.shape()[3];
        if (h <= MAX_INPUT_SIDE && w <= MAX_INPUT_SIDE && (long) h * scale * w * scale <= MAX_OUTPUT_PIXELS) return run(runner, image);
        return tiled(runner, image, scale, tileSide(scale), MARGIN);
    }

    /** The image in tiles of {@code side} input pixels, with {@code margin} pixels of context where the image has them. */
    static HostTensor tiled(Runner runner, HostTensor image, int scale, int side, int margin) {
        int h = image.shape()[2], w = image.shape()[3], oh = h * scale, ow = w * scale;
        float[] in = image.floats(), out = new float[3 * oh * ow];
        for (int ty = 0; ty < h; ty += side)
            for (int tx = 0; tx < w; tx += side) {
                int y0 = Math.max(0, ty - margin), y1 = Math.min(h, ty + side + margin);
                int x0 = Math.max(0, tx - margin), x1 = Math.min(w, tx + side + margin);
                int th = y1 - y0, tw = x1 - x0;
                float[] tile = new float[3 * th * tw];
                for (int c = 0; c < 3; c++)
                    for (int y = 0; y < th; y++) System.arraycopy(in, (c * h + y0 + y) * w + x0, tile, (c * th + y) * tw, tw);
                float[] up = run(runner, HostTensor.of(tile, 1, 3, th, tw)).floats();
                int uw = tw * scale, coreY0 = (ty - y0) * scale, coreX0 = (tx - x0) * scale;
                int coreH = (Math.min(h, ty + side) - ty) * scale, coreW = (Math.min(w, tx + side) - tx) * scale;
                for (int c = 0; c < 3; c++)
                    for (int y = 0; y < coreH; y++)
                        System.arraycopy(up, (c * th * scale + coreY0 + y) * uw + coreX0, out, (c * oh + ty * scale + y) * ow + tx * scale, coreW);
            }
        return HostTensor.of(out, 1, 3, oh, ow);
    }

    private static HostTensor run(Runner runner, HostTensor image) {
        return runner.run(Map.of(SrcnnFactory.INPUT, image)).get(SrcnnFactory.OUTPUT);
    }
}
