package org.trt4j.networks.fcn;

import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.BatchNorm2d;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Module;

/**
 * torchvision's FCNHead: Sequential(conv 3x3 in -> in/4 no bias, BN, ReLU, Dropout(0.1), conv 1x1 -> classes); keys
 * {@code 0.weight}, {@code 1.*}, {@code 4.weight}, {@code 4.bias} (ReLU and Dropout hold no weights; dropout is the
 * identity at inference).
 */
final class FcnHead extends Module {
    private final Conv2d conv;
    private final BatchNorm2d bn;
    private final Conv2d classify;

    FcnHead(String name, int inChannels, int classes) {
        super(name);
        int inter = inChannels / 4;
        conv = add(new Conv2d("0", inChannels, inter, 3).padding(1).bias(false));
        bn = add(new BatchNorm2d("1", inter));
        classify = add(new Conv2d("4", inter, classes, 1));
    }

    @Override protected Tensor forward(Tensor x) {
        return classify.call(F.relu(bn.call(conv.call(x))));
    }
}
