package org.trt4j.networks.rvm;

import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.BatchNorm2d;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.ConvBnAct;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Module;
import org.trt4j.runtime.nn.Sequential;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * RVM's MobileNetV3LargeEncoder: torchvision's MobileNetV3-Large {@code features} (keys {@code features.N...}; BN eps
 * 1e-3; hard-sigmoid squeeze-excitation; the last three blocks dilated 2 with stride 1) on the ImageNet-normalized
 * input, tapped at features[1] (16 ch, /2), [3] (24, /4), [6] (40, /8) and [16] (960, /16).
 */
final class MobileNetV3Encoder extends Module {
    /** (in, kernel, expanded, out, squeeze-excitation, hard-swish, stride, dilation) of features[1..15]. */
    private static final int[][] BLOCKS = {
            {16, 3, 16, 16, 0, 0, 1, 1}, {16, 3, 64, 24, 0, 0, 2, 1}, {24, 3, 72, 24, 0, 0, 1, 1},
            {24, 5, 72, 40, 1, 0, 2, 1}, {40, 5, 120, 40, 1, 0, 1, 1}, {40, 5, 120, 40, 1, 0, 1, 1},
            {40, 3, 240, 80, 0, 1, 2, 1}, {80, 3, 200, 80, 0, 1, 1, 1}, {80, 3, 184, 80, 0, 1, 1, 1},
            {80, 3, 184, 80, 0, 1, 1, 1}, {80, 3, 480, 112, 1, 1, 1, 1}, {112, 3, 672, 112, 1, 1, 1, 1},
            {112, 5, 672, 160, 1, 1, 2, 2}, {160, 5, 960, 160, 1, 1, 1, 2}, {160, 5, 960, 160, 1, 1, 1, 2}};
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f}, STD = {0.229f, 0.224f, 0.225f};

    record Features(Tensor f1, Tensor f2, Tensor f3, Tensor f4) {}

    private final List<Module> features = new ArrayList<>();

    MobileNetV3Encoder(String name) {
        super(name);
        Sequential seq = add(new Sequential("features"));
        features.add(seq.append(convBn("0", 3, 16, 3, 2, 1, 1, F::hardSwish)));
        for (int i = 0; i < BLOCKS.length; i++) features.add(seq.append(new InvertedResidual(String.valueOf(i + 1), BLOCKS[i])));
        features.add(seq.append(convBn("16", 160, 960, 1, 1, 1, 1, F::hardSwish)));
    }

    /** torchvision's Conv2dNormActivation: conv "0" (padding (k-1)/2 x dilation, no bias), BN "1" (eps 1e-3), activation. */
    static ConvBnAct convBn(String name, int in, int out, int kernel, int stride, int dilation, int groups, UnaryOperator<Tensor> act) {
        Conv2d conv = new Conv2d("0", in, out, kernel).stride(stride).padding((kernel - 1) / 2 * dilation).dilation(dilation)
                .groups(groups).bias(false);
        return new ConvBnAct(name, conv, new BatchNorm2d("1", out).eps(1e-3f), act);
    }

    Features features(Tensor src) {
        return scoped(() -> {
            Tensor x = F.div(F.sub(src, F.constant(MEAN, 1, 3, 1, 1)), F.constant(STD, 1, 3, 1, 1));
            Tensor[] taps = new Tensor[17];
            for (int i = 0; i < features.size(); i++) {
                x = features.get(i).call(x);
                taps[i] = x;
            }
            return new Features(taps[1], taps[3], taps[6], taps[16]);
        });
    }

    /** torchvision's InvertedResidual: [expand 1x1], depthwise kxk, [SE], project 1x1 (no activation); residual when shapes keep. */
    private static final class InvertedResidual extends Module {
        private final Sequential block;
        private final boolean residual;

        InvertedResidual(String name, int[] c) {
            super(name);
            int in = c[0], kernel = c[1], expanded = c[2], out = c[3], stride = c[6], dilation = c[7];
            UnaryOperator<Tensor> act = c[5] == 1 ? F::hardSwish : F::relu;
            residual = stride == 1 && in == out;
            block = add(new Sequential("block"));
            int index = 0;
            if (expanded != in) block.append(convBn(String.valueOf(index++), in, expanded, 1, 1, 1, 1, act));
            // a dilated block keeps its resolution: torchvision sets the stride to 1 where dilation > 1
            block.append(convBn(String.valueOf(index++), expanded, expanded, kernel, dilation > 1 ? 1 : stride, dilation, expanded, act));
            if (c[4] == 1) block.append(new SqueezeExcitation(String.valueOf(index++), expanded, makeDivisible(expanded / 4)));
            block.append(convBn(String.valueOf(index), expanded, out, 1, 1, 1, 1, null));
        }

        @Override protected Tensor forward(Tensor x) {
            Tensor y = block.call(x);
            return residual ? F.add(x, y) : y;
        }
    }

    /** torchvision's SqueezeExcitation: x * hardsigmoid(fc2(relu(fc1(mean over H, W)))), fc1/fc2 1x1 convs with bias. */
    private static final class SqueezeExcitation extends Module {
        private final Conv2d fc1, fc2;

        SqueezeExcitation(String name, int channels, int squeeze) {
            super(name);
            fc1 = add(new Conv2d("fc1", channels, squeeze, 1));
            fc2 = add(new Conv2d("fc2", squeeze, channels, 1));
        }

        @Override protected Tensor forward(Tensor x) {
            return F.mul(x, F.hardSigmoid(fc2.call(F.relu(fc1.call(F.globalAvgPool(x))))));
        }
    }

    /** torchvision's _make_divisible(v, 8): the nearest multiple of 8, at least 8, not below 90 % of v. */
    static int makeDivisible(int v) {
        int n = Math.max(8, (v + 4) / 8 * 8);
        return n < 0.9 * v ? n + 8 : n;
    }

}
