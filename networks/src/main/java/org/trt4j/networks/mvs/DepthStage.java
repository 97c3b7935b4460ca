package org.trt4j.networks.mvs;

import org.trt4j.plugins.PluginOps;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.F;

import java.util.ArrayList;
import java.util.List;

/**
 * One cascade stage: CasMVSNet's DepthNet (warped volumes, the seed's attention, variance, the stage's CostRegNet,
 * softmax, depth regression, photometric confidence) plus the hypotheses around the previous depth
 * ({@code get_depth_range_samples}).
 */
final class DepthStage {
    record Result(Tensor depth, Tensor confidence, Tensor hypotheses) {}

    private DepthStage() {}

    /** [1, n] (or [1, n, 1, 1] for rank 4): 0, 1, ..., n-1. */
    static Tensor arange(int n, int rank) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return rank == 4 ? F.constant(a, 1, n, 1, 1) : F.constant(a, 1, n);
    }

    /** Stage 1: n planes from depth_values[:, 0] to depth_values[:, -1] (inclusive), as [B, n, 1, 1]. */
    static Tensor uniformHypotheses(Tensor first, Tensor last, int n) {
        int b = first.dim(0);
        Tensor step = F.div(F.sub(last, first), n - 1);
        return F.reshape(F.add(first, F.mul(arange(n, 2), step)), b, n, 1, 1);
    }

    /**
     * Later stages: the previous depth [B, h, w] upsampled (bilinear, align_corners false) to the image size, n
     * hypotheses spaced by ratio·interval around it, then resized to the stage's size (CasMVSNet's trilinear
     * interpolation, whose depth axis keeps its size). interval is [B, 1, 1].
     */
    static Tensor hypothesesAround(Tensor previous, Tensor interval, int n, double ratio, int imageH, int imageW, int stageH, int stageW) {
        Tensor cur = F.squeeze(F.interpolate(F.unsqueeze(previous, 1), new int[]{imageH, imageW}, null, "bilinear", false), 1);
        Tensor half = F.mul(interval, n / 2.0 * ratio);
        Tensor curMin = F.sub(cur, half), curMax = F.add(cur, half);
        Tensor newInterval = F.div(F.sub(curMax, curMin), n - 1);
        Tensor samples = F.add(F.unsqueeze(curMin, 1), F.mul(arange(n, 4), F.unsqueeze(newInterval, 1)));
        if (stageH == imageH && stageW == imageW) return samples;
        return F.interpolate(samples, new int[]{stageH, stageW}, null, "bilinear", false);
    }

    /**
     * features: per view [B, C, h, w] (the reference first); projs [B, V, 2, 4, 4]; hypotheses [B, D, 1|h, 1|w].
     * Returns depth [B, h, w] and confidence [B, h, w].
     */
    static Result run(List<Tensor> features, Tensor projs, Tensor hypotheses, HomographyWarp warp, PatchAttention attention,
                      MvsModules.CostRegNet regularization) {
        int views = features.size(), d = hypotheses.dim(1);
        Tensor ref = features.get(0);
        Tensor refProjInverse;
        try (var geometry = warp.geometryScope()) {
            refProjInverse = PluginOps.inverse(HomographyWarp.combined(projs, 0));
        }
        float[] ones = new float[d];
        java.util.Arrays.fill(ones, 1f);
        List<Tensor> volumes = new ArrayList<>();
        volumes.add(F.unsqueeze(F.mul(F.unsqueeze(ref, 2), F.constant(ones, 1, 1, d, 1, 1)), 0)); // repeat over D (exact)
        for (int v = 1; v < views; v++) {
            Tensor srcProj;
            try (var geometry = warp.geometryScope()) {
                srcProj = HomographyWarp.combined(projs, v);
            }
            volumes.add(F.unsqueeze(warp.warp(features.get(v), srcProj, refProjInverse, hypotheses), 0));
        }
        Tensor stacked = F.cat(volumes, 0);                                    // [V, B, C, D, h, w]
        if (attention != null) stacked = attention.apply(stacked);
        Tensor mean = F.div(F.sum(stacked, new int[]{0}, false), views);
        Tensor variance = F.sub(F.div(F.sum(F.mul(stacked, stacked), new int[]{0}, false), views), F.mul(mean, mean));
        Tensor prob = F.softmax(F.squeeze(regularization.call(variance), 1), 1); // [B, D, h, w]
        Tensor depth = F.sum(F.mul(prob, hypotheses), new int[]{1}, false);
        return new Result(depth, confidence(prob, d), hypotheses);
    }

    /**
     * Photometric confidence: the probability summed over 4 hypotheses (one before, two after: pad (1, 2) and an
     * average pool of 4, times 4) at the expected index, floor(Σ p·i) clamped to [0, D-1], picked with a one-hot
     * mask (a gather along D, which TensorRT's gather cannot express as numpy take).
     */
    static Tensor confidence(Tensor prob, int d) {
        Tensor padded = F.pad(F.unsqueeze(prob, 1), new int[]{0, 0, 0, 0, 1, 2}, "constant", 0f);
        Tensor sum4 = F.squeeze(F.mul(F.avgPool3d(padded, new int[]{4, 1, 1}, new int[]{1, 1, 1}, new int[]{0, 0, 0}, false, true), 4.0), 1);
        Tensor index = F.clip(F.floor(F.sum(F.mul(prob, arange(d, 4)), new int[]{1}, true)), 0f, d - 1);
        // relu(1 - |index - i|): exactly 1 at the index and 0 elsewhere (whole numbers), with no BOOL tensor or cast
        Tensor oneHot = F.relu(F.sub(F.scalarLike(index, 1.0), F.abs(F.sub(index, arange(d, 4)))));
        return F.sum(F.mul(sum4, oneHot), new int[]{1}, false);
    }
}
