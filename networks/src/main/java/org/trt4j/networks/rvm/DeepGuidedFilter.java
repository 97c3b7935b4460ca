package org.trt4j.networks.rvm;

import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.BatchNorm2d;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Lambda;
import org.trt4j.runtime.nn.Module;
import org.trt4j.runtime.nn.Sequential;

import java.util.List;

/**
 * RVM's DeepGuidedFilterRefiner: x = [rgb, mean of rgb] of the small and the full source, y = [fgr residual, pha] at
 * the small size; the 3x3 depthwise box filter of the checkpoint (zero padding 1) gives mean_x, mean_y, cov_xy and
 * var_x; A = conv stack 24 -> 16 -> 16 -> 4 of [cov_xy, var_x, hidden]; b = mean_y - A * mean_x; A and b resized
 * bilinearly to the full size; out = A * x_full + b, split into the refined fgr residual (3) and pha (1).
 */
final class DeepGuidedFilter extends Module {
    record Refined(Tensor fgrResidual, Tensor pha) {}

    private final Conv2d boxFilter;
    private final Sequential conv;

    DeepGuidedFilter(String name) {
        super(name);
        boxFilter = add(new Conv2d("box_filter", 4, 4, 3).padding(1).groups(4).bias(false));
        conv = add(new Sequential("conv", new Conv2d("0", 24, 16, 1).bias(false), new BatchNorm2d("1", 16), new Lambda("2", F::relu),
                new Conv2d("3", 16, 16, 1).bias(false), new BatchNorm2d("4", 16), new Lambda("5", F::relu), new Conv2d("6", 16, 4, 1)));
    }

    Refined refine(Tensor fineSrc, Tensor baseSrc, Tensor baseFgr, Tensor basePha, Tensor baseHidden) {
        return scoped(() -> {
            Tensor fineX = withMean(fineSrc), baseX = withMean(baseSrc);
            Tensor baseY = F.cat(List.of(baseFgr, basePha), 1);
            Tensor meanX = boxFilter.call(baseX), meanY = boxFilter.call(baseY);
            Tensor covXY = F.sub(boxFilter.call(F.mul(baseX, baseY)), F.mul(meanX, meanY));
            Tensor varX = F.sub(boxFilter.call(F.mul(baseX, baseX)), F.mul(meanX, meanX));
            Tensor a = conv.call(F.cat(List.of(covXY, varX, baseHidden), 1));
            Tensor b = F.sub(meanY, F.mul(a, meanX));
            int[] size = {fineSrc.dim(2), fineSrc.dim(3)};
            a = F.interpolate(a, size, null, "bilinear", false);
            b = F.interpolate(b, size, null, "bilinear", false);
            List<Tensor> out = F.split(F.add(F.mul(a, fineX), b), new int[]{3, 1}, 1);
            return new Refined(out.get(0), out.get(1));
        });
    }

    private static Tensor withMean(Tensor rgb) { return F.cat(List.of(rgb, F.mean(rgb, new int[]{1}, true)), 1); }
}
