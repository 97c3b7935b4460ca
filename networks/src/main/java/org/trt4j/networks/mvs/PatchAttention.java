package org.trt4j.networks.mvs;

import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.F;

/**
 * The seed's attention between the views of a cost volume, per 3-D patch, without learned weights. The seed gives
 * the contractions and the rearrangement; trt4j chose the rest (options of {@code casmvsnet}): patch (d, h, w)
 * = (2, 4, 4), one head, scores scaled by 1/sqrt(features), softmax over the attended view, the result added to
 * each view's volume, after warping and before the variance.
 * <ol>
 * <li>zero pad D, H, W to multiples of the patch (a pad layer);</li>
 * <li>B C (D d) (H h) (W w) V → (B D H W) (d h w C) V as reshapes and permutes (two steps: TensorRT's rank limit
 * is 8), the features split as (features/heads, heads): 'bdhn';</li>
 * <li>einsum('bdhn,bdhm->bhnm') and einsum('bhnm,bdhm->bdhn') as two batched matmuls;</li>
 * <li>the inverse rearrangement, crop, residual add.</li>
 * </ol>
 */
final class PatchAttention {
    private final int pd, ph, pw, heads;

    PatchAttention(int[] patch, int heads) {
        this.pd = patch[0];
        this.ph = patch[1];
        this.pw = patch[2];
        this.heads = heads;
    }

    /** stacked: the views' volumes [V, B, C, D, H, W]; returns the same shape. */
    Tensor apply(Tensor stacked) {
        int v = stacked.dim(0), b = stacked.dim(1), c = stacked.dim(2), d = stacked.dim(3), h = stacked.dim(4), w = stacked.dim(5);
        int dp = roundUp(d, pd), hp = roundUp(h, ph), wp = roundUp(w, pw);
        Tensor x = dp == d && hp == h && wp == w ? stacked
                : F.pad(stacked, new int[]{0, wp - w, 0, hp - h, 0, dp - d}, "constant", 0f);
        int nd = dp / pd, nh = hp / ph, nw = wp / pw, patches = nd * nh * nw, cell = pd * ph * pw;
        int features = cell * c, perHead = features / heads;
        Tensor t = F.permute(F.reshape(x, v * b * c, nd, pd, nh, ph, nw, pw), 0, 1, 3, 5, 2, 4, 6);
        t = F.permute(F.reshape(t, v, b, c, patches, cell), 1, 3, 4, 2, 0);       // B, (D H W), (d h w), C, V
        Tensor bdhn = F.reshape(t, b * patches, perHead, heads, v);
        Tensor bhnd = F.permute(bdhn, 0, 2, 3, 1), bhdm = F.permute(bdhn, 0, 2, 1, 3);
        Tensor scores = F.mul(F.matmul(bhnd, bhdm), Math.pow(perHead, -0.5));   // bdhn,bdhm->bhnm
        Tensor attended = F.matmul(F.softmax(scores, -1), bhnd);                   // bhnm,bdhm->bdhn (as b h n d)
        Tensor o = F.reshape(F.permute(attended, 0, 3, 1, 2), b, patches, cell, c, v);
        o = F.reshape(F.permute(o, 4, 0, 3, 1, 2), v * b * c, nd, nh, nw, pd, ph, pw);
        o = F.reshape(F.permute(o, 0, 1, 4, 2, 5, 3, 6), v, b, c, dp, hp, wp);
        if (dp != d) o = F.slice(o, 3, 0, d, 1);
        if (hp != h) o = F.slice(o, 4, 0, h, 1);
        if (wp != w) o = F.slice(o, 5, 0, w, 1);
        return F.add(stacked, o);
    }

    private static int roundUp(int n, int m) { return (n + m - 1) / m * m; }
}
