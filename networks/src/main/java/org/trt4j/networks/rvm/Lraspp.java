package org.trt4j.networks.rvm;

import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.BatchNorm2d;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.ConvBnAct;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Module;

/**
 * RVM's LRASPP: aspp1 = conv1x1-BN-ReLU (keys aspp1.0, aspp1.1), times aspp2 = sigmoid(conv1x1(global average pool))
 * (key aspp2.1: index 0 is the pooling); no conv bias.
 */
final class Lraspp extends Module {
    private final ConvBnAct aspp1;
    private final Gate aspp2;

    Lraspp(String name, int in, int out) {
        super(name);
        aspp1 = add(new ConvBnAct("aspp1", new Conv2d("0", in, out, 1).bias(false), new BatchNorm2d("1", out), F::relu));
        aspp2 = add(new Gate(in, out));
    }

    @Override protected Tensor forward(Tensor x) { return F.mul(aspp1.call(x), aspp2.call(x)); }

    private static final class Gate extends Module {
        private final Conv2d conv;

        Gate(int in, int out) {
            super("aspp2");
            conv = add(new Conv2d("1", in, out, 1).bias(false));
        }

        @Override protected Tensor forward(Tensor x) { return F.sigmoid(conv.call(F.globalAvgPool(x))); }
    }
}
