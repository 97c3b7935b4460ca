package org.trt4j.networks.fcn;

import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.BatchNorm2d;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Module;

import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's ResNet with Bottleneck blocks and replace_stride_with_dilation [False, True, True], as the
 * segmentation models use it (output stride 8): layer3 and layer4 trade their stride for dilation, their first block
 * keeping the previous dilation (layer3: blocks 1.. dilation 2; layer4: block 0 dilation 2, the rest 4), their
 * downsample convs have stride 1. Blocks per stage are an argument ([3, 4, 23, 3] = ResNet-101).
 */
final class ResNetBackbone extends Module {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final List<List<Bottleneck>> layers = new ArrayList<>();

    /** What the FCN heads read: layer3 (1024 channels, aux head) and layer4 (2048 channels, main head). */
    record Features(Tensor layer3, Tensor layer4) {}

    ResNetBackbone(String name, int[] blocks) {
        super(name);
        if (blocks.length != 4) throw new IllegalArgumentException("ResNet needs 4 stages of blocks, got " + blocks.length);
        conv1 = add(new Conv2d("conv1", 3, 64, 7).stride(2).padding(3).bias(false));
        bn1 = add(new BatchNorm2d("bn1", 64));
        int[] planes = {64, 128, 256, 512};
        int[] strides = {1, 2, 2, 2};
        boolean[] dilate = {false, false, true, true};
        int inChannels = 64, dilation = 1;
        for (int stage = 0; stage < 4; stage++) {
            int previousDilation = dilation, stride = strides[stage];
            if (dilate[stage]) {
                dilation *= stride;
                stride = 1;
            }
            Stage layer = add(new Stage("layer" + (stage + 1)));
            List<Bottleneck> list = new ArrayList<>();
            boolean downsample = stride != 1 || inChannels != planes[stage] * Bottleneck.EXPANSION;
            list.add(layer.block(new Bottleneck("0", inChannels, planes[stage], stride, previousDilation, downsample)));
            inChannels = planes[stage] * Bottleneck.EXPANSION;
            for (int b = 1; b < blocks[stage]; b++)
                list.add(layer.block(new Bottleneck(String.valueOf(b), inChannels, planes[stage], 1, dilation, false)));
            layers.add(list);
        }
    }

    Features features(Tensor image) {
        return scoped(() -> {
            Tensor x = F.relu(bn1.call(conv1.call(image)));
            x = F.maxPool2d(x, 3, 2, 1);
            Tensor layer3 = null;
            for (int stage = 0; stage < 4; stage++) {
                for (Bottleneck b : layers.get(stage)) x = b.call(x);
                if (stage == 2) layer3 = x;
            }
            return new Features(layer3, x);
        });
    }

    /** A named stage (layer1..layer4) holding its blocks "0", "1", ... */
    private static final class Stage extends Module {
        Stage(String name) { super(name); }

        Bottleneck block(Bottleneck b) { return add(b); }
    }
}
