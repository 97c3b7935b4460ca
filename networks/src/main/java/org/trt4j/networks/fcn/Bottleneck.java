package org.trt4j.networks.fcn;

import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.BatchNorm2d;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Module;

/**
 * torchvision's ResNet Bottleneck (v1.5: the stride sits on the 3x3 conv, whose padding equals its dilation):
 * conv1 1x1 -> bn1 -> relu -> conv2 3x3 -> bn2 -> relu -> conv3 1x1 (x4 channels) -> bn3, plus the identity or
 * downsample (1x1 conv with the block's stride + BN), then relu.
 */
final class Bottleneck extends Module {
    static final int EXPANSION = 4;

    private final Conv2d conv1, conv2, conv3;
    private final BatchNorm2d bn1, bn2, bn3;
    private final Conv2d downsampleConv;
    private final BatchNorm2d downsampleBn;

    Bottleneck(String name, int inChannels, int planes, int stride, int dilation, boolean downsample) {
        super(name);
        conv1 = add(new Conv2d("conv1", inChannels, planes, 1).bias(false));
        bn1 = add(new BatchNorm2d("bn1", planes));
        conv2 = add(new Conv2d("conv2", planes, planes, 3).stride(stride).padding(dilation).dilation(dilation).bias(false));
        bn2 = add(new BatchNorm2d("bn2", planes));
        conv3 = add(new Conv2d("conv3", planes, planes * EXPANSION, 1).bias(false));
        bn3 = add(new BatchNorm2d("bn3", planes * EXPANSION));
        if (downsample) {
            // PyTorch: downsample = Sequential(conv1x1, BatchNorm2d): keys downsample.0.weight, downsample.1.*
            Downsample d = add(new Downsample(inChannels, planes * EXPANSION, stride));
            downsampleConv = d.conv;
            downsampleBn = d.bn;
        } else {
            downsampleConv = null;
            downsampleBn = null;
        }
    }

    @Override protected Tensor forward(Tensor x) {
        Tensor out = F.relu(bn1.call(conv1.call(x)));
        out = F.relu(bn2.call(conv2.call(out)));
        out = bn3.call(conv3.call(out));
        Tensor identity = downsampleConv == null ? x : downsampleBn.call(downsampleConv.call(x));
        return F.relu(F.add(out, identity));
    }

    private static final class Downsample extends Module {
        final Conv2d conv;
        final BatchNorm2d bn;

        Downsample(int in, int out, int stride) {
            super("downsample");
            conv = add(new Conv2d("0", in, out, 1).stride(stride).bias(false));
            bn = add(new BatchNorm2d("1", out));
        }
    }
}
