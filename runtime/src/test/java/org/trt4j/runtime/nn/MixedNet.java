package org.trt4j.runtime.nn;

import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;

/** The Java twin of make_network_goldens.py's Mixed module. */
public final class MixedNet extends Module {
    private final Conv2d conv;
    private final ConvTranspose2d deconv;
    private final Conv3d conv3d;
    private final BatchNorm3d bn3d;
    private final Linear proj;

    public MixedNet() {
        super("");
        conv = add(new Conv2d("conv", 4, 8, 3).stride(2).padding(2).dilation(2).groups(2));
        deconv = add(new ConvTranspose2d("deconv", 8, 4, 3).stride(2).padding(1).outputPadding(1));
        conv3d = add(new Conv3d("conv3d", 2, 3, 3).padding(1));
        bn3d = add(new BatchNorm3d("bn3d", 3));
        proj = add(new Linear("proj", 6, 6).bias(false));
    }

    public void define(Tensor x) {
        Network net = Network.current();
        Tensor y = F.pad(x, new int[]{1, 2, 2, 1}, "reflect", 0f);
        y = F.hardSwish(conv.call(y));
        y = F.avgPool2d(y, new int[]{3, 3}, new int[]{2, 2}, new int[]{1, 1}, true, false);
        Tensor d = deconv.call(y);
        Tensor z = F.where(F.greater(d, F.scalarLike(d, 0)), d, F.sub(F.exp(d), 1));
        Tensor n = F.interpolate(z, null, new float[]{2f, 2f}, "nearest", false);
        Tensor c = F.interpolate(z, new int[]{5, 7}, null, "bicubic", true);
        Tensor v = bn3d.call(conv3d.call(F.reshape(x, 1, 2, 2, 8, 8)));
        Tensor s = F.flatten(F.sum(v, new int[]{2}, false), 2, -1);
        Tensor att = F.softmax(F.div(F.matmul(s, F.transpose(s, 1, 2)), 8.0), -1);
        F.ValuesIndices top = F.topk(F.flatten(z, 1, -1), 5, 1, true);
        Tensor g = F.gather(c, 3, F.constant(Weights.ofInts("index", DType.INT32, new int[]{6, 0, 3}, 3)));
        Tensor p = proj.call(F.slice(F.reshape(F.permute(g, 0, 2, 1, 3), 1, 5, 12), 2, 2, 8, 1));
        Tensor q = F.sub(F.pow(F.add(F.abs(p), 1), 1.5), F.max(p, F.scalarLike(p, 0)));
        net.markOutput("n", n);
        net.markOutput("c", c);
        net.markOutput("att", att);
        net.markOutput("top_v", top.values());
        net.markOutput("top_i", top.indices());
        net.markOutput("q", q);
    }
}
