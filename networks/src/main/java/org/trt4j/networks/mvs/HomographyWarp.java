package org.trt4j.networks.mvs;

import org.trt4j.plugins.GridSample;
import org.trt4j.plugins.PluginOps;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.F;

/**
 * CasMVSNet's {@code homo_warping}, in the engine: proj = proj_src · inverse(proj_ref) (the matrix-inverse plugin),
 * pixel (x, y, 1) rotated, scaled by every depth hypothesis and translated, divided by z, normalized with CasMVSNet's
 * own convention x / ((W-1)/2) - 1 while the sampling runs with align_corners=False (as the original does; this is
 * half a pixel off the align_corners=False grid and is kept for equal results with its checkpoints), then bilinear
 * grid sampling, zero padding, of the source features over [B, C, D·H, W].
 */
final class HomographyWarp {
    /** Which grid sample the engine uses: the trt4j plugin, or TensorRT's own IGridSampleLayer. */
    enum Sampler { PLUGIN, NATIVE }

    private final Sampler sampler;
    private final boolean fp32Geometry;

    HomographyWarp(Sampler sampler, boolean fp32Geometry) {
        this.sampler = sampler;
        this.fp32Geometry = fp32Geometry;
    }

    /** Around the geometry (projections, inverse, grid): FP32 in any engine with option geometry=fp32, else nothing (null). */
    Network.FullPrecisionScope geometryScope() { return fp32Geometry ? F.fullPrecision() : null; }

    /** The projection proj[:, v] of [B, V, 2, 4, 4] as CasMVSNet uses it: rows 0..2 are K · E[:3, :4], row 3 is E's. */
    static Tensor combined(Tensor projMatrices, int view) {
        int b = projMatrices.dim(0);
        Tensor p = F.slice(projMatrices, 1, view, view + 1, 1);
        Tensor extrinsic = F.reshape(F.slice(p, 2, 0, 1, 1), b, 4, 4);
        Tensor intrinsic = F.reshape(F.slice(p, 2, 1, 2, 1), b, 4, 4);
        // [[K, 0], [0, 1]] from the 4x4 slot whose [:3, :3] is K: the product's extra terms are exact zeros.
        float[] mask = new float[16], corner = new float[16];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) mask[r * 4 + c] = 1f;
        corner[15] = 1f;
        Tensor k4 = F.add(F.mul(intrinsic, F.constant(mask, 1, 4, 4)), F.constant(corner, 1, 4, 4));
        return F.matmul(k4, extrinsic);
    }

    /**
     * Source features [B, C, H, W] warped into the reference view for each hypothesis: depth is [B, D, 1, 1] (one
     * depth per plane) or [B, D, H, W]; the result is [B, C, D, H, W].
     */
    Tensor warp(Tensor srcFeature, Tensor srcProj, Tensor refProjInverse, Tensor depth) {
        int b = srcFeature.dim(0), c = srcFeature.dim(1), h = srcFeature.dim(2), w = srcFeature.dim(3), d = depth.dim(1);
        Tensor grid;
        try (var geometry = geometryScope()) {
            grid = grid(srcProj, refProjInverse, depth, b, h, w, d);
        }
        Tensor sampled = switch (sampler) {
            case PLUGIN -> PluginOps.gridSample(srcFeature, grid, GridSample.Mode.BILINEAR, GridSample.Padding.ZEROS, false);
            case NATIVE -> F.gridSample(srcFeature, grid, false);
        };
        return F.reshape(sampled, b, c, d, h, w);
    }

    /** CasMVSNet's sampling grid [B, D·H, W, 2] for one source view. */
    private static Tensor grid(Tensor srcProj, Tensor refProjInverse, Tensor depth, int b, int h, int w, int d) {
        Tensor proj = F.matmul(srcProj, refProjInverse);
        Tensor top = F.slice(proj, 1, 0, 3, 1);
        Tensor rot = F.slice(top, 2, 0, 3, 1), trans = F.reshape(F.slice(top, 2, 3, 4, 1), b, 3, 1, 1);
        Tensor rotXyz = F.reshape(F.matmul(rot, F.constant(pixelGrid(h, w), 1, 3, h * w)), b, 3, 1, h * w);
        Tensor depthFlat = F.reshape(depth, b, 1, d, depth.dim(2) * depth.dim(3));
        Tensor xyz = F.add(F.mul(rotXyz, depthFlat), trans);
        Tensor xy = F.div(F.slice(xyz, 1, 0, 2, 1), F.slice(xyz, 1, 2, 3, 1));
        Tensor halfSize = F.constant(new float[]{(float) ((w - 1) / 2.0), (float) ((h - 1) / 2.0)}, 1, 2, 1, 1);
        Tensor normalized = F.sub(F.div(xy, halfSize), 1.0);
        return F.reshape(F.permute(normalized, 0, 2, 3, 1), b, d * h, w, 2);
    }

    /** [3, H·W]: x, y and 1 of every pixel in row-major order (torch.meshgrid, indexing ij). */
    static float[] pixelGrid(int h, int w) {
        float[] g = new float[3 * h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                g[i] = x;
                g[h * w + i] = y;
                g[2 * h * w + i] = 1f;
            }
        return g;
    }
}
