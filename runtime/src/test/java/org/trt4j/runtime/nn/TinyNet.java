package org.trt4j.runtime.nn;

import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Tensor;

import java.util.List;

/** The Java twin of make_network_goldens.py's Tiny module: the same state_dict keys, the same computation. */
public final class TinyNet extends Module {
    private final Sequential stem;
    private final Conv2d branch, head;
    private final ConvTranspose2d up;
    private final Linear fc;

    public TinyNet() {
        super("");
        stem = add(new Sequential("stem",
                new Conv2d("0", 3, 8, 3).padding(1).bias(false),
                new BatchNorm2d("1", 8),
                new Lambda("2", F::relu)));
        branch = add(new Conv2d("branch", 8, 4, 1));
        up = add(new ConvTranspose2d("up", 4, 4, 2).stride(2));
        head = add(new Conv2d("head", 16, 2, 3).padding(1));
        fc = add(new Linear("fc", 16, 5));
    }

    /** Defines the outputs "out" and "logits" from input "x" into the current network. */
    public void define(Tensor x) {
        Network net = Network.current();
        Tensor a = stem.call(x);
        Tensor p = F.maxPool2d(a, 2, 2, 0);
        Tensor b = F.leakyRelu(branch.call(p), 0.1f);
        Tensor u = F.interpolate(b, null, new float[]{2f, 2f}, "bilinear", false);
        Tensor c = F.cat(List.of(a, u, up.call(b)), 1);
        net.markOutput("out", F.sigmoid(head.call(c)));
        net.markOutput("logits", fc.call(F.mean(c, new int[]{2, 3}, false)));
    }
}
