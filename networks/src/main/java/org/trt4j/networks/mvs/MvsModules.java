package org.trt4j.networks.mvs;

import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.BatchNorm2d;
import org.trt4j.runtime.nn.BatchNorm3d;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.Conv3d;
import org.trt4j.runtime.nn.ConvBnAct;
import org.trt4j.runtime.nn.ConvTranspose3d;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Module;
import org.trt4j.runtime.nn.Sequential;

import java.util.List;

/**
 * CasMVSNet's modules (alibaba/cascade-stereo {@code models/module.py}) with its state_dict names: every conv-BN-ReLU
 * block is {@code NAME.conv} (no bias) + {@code NAME.bn}.
 */
final class MvsModules {
    private MvsModules() {}

    static ConvBnAct conv2dBnRelu(String name, int in, int out, int kernel, int stride, int padding) {
        return new ConvBnAct(name, new Conv2d("conv", in, out, kernel).stride(stride).padding(padding).bias(false),
                new BatchNorm2d("bn", out), F::relu);
    }

    static ConvBnAct conv3dBnRelu(String name, int in, int out, int stride) {
        return new ConvBnAct(name, new Conv3d("conv", in, out, 3).stride(stride).padding(1).bias(false), new BatchNorm3d("bn", out), F::relu);
    }

    static ConvBnAct deconv3dBnRelu(String name, int in, int out) {
        return new ConvBnAct(name, new ConvTranspose3d("conv", in, out, 3).stride(2).padding(1).outputPadding(1).bias(false),
                new BatchNorm3d("bn", out), F::relu);
    }

    /** FeatureNet, arch_mode fpn, 3 stages: outputs at 1/4 (4·base channels), 1/2 (2·base) and full size (base). */
    static final class FeatureNet extends Module {
        private final Sequential conv0, conv1, conv2;
        private final Conv2d out1, inner1, inner2, out2, out3;

        FeatureNet(String name, int base) {
            super(name);
            conv0 = add(new Sequential("conv0", conv2dBnRelu("0", 3, base, 3, 1, 1), conv2dBnRelu("1", base, base, 3, 1, 1)));
            conv1 = add(new Sequential("conv1", conv2dBnRelu("0", base, 2 * base, 5, 2, 2),
                    conv2dBnRelu("1", 2 * base, 2 * base, 3, 1, 1), conv2dBnRelu("2", 2 * base, 2 * base, 3, 1, 1)));
            conv2 = add(new Sequential("conv2", conv2dBnRelu("0", 2 * base, 4 * base, 5, 2, 2),
                    conv2dBnRelu("1", 4 * base, 4 * base, 3, 1, 1), conv2dBnRelu("2", 4 * base, 4 * base, 3, 1, 1)));
            out1 = add(new Conv2d("out1", 4 * base, 4 * base, 1).bias(false));
            inner1 = add(new Conv2d("inner1", 2 * base, 4 * base, 1));
            inner2 = add(new Conv2d("inner2", base, 4 * base, 1));
            out2 = add(new Conv2d("out2", 4 * base, 2 * base, 3).padding(1).bias(false));
            out3 = add(new Conv2d("out3", 4 * base, base, 3).padding(1).bias(false));
        }

        /** The three stage features of one image [B, 3, H, W]. */
        List<Tensor> stages(Tensor image) {
            return scoped(() -> {
                Tensor c0 = conv0.call(image), c1 = conv1.call(c0), c2 = conv2.call(c1);
                Tensor s1 = out1.call(c2);
                Tensor intra = F.add(F.interpolate(c2, null, new float[]{2f, 2f}, "nearest", false), inner1.call(c1));
                Tensor s2 = out2.call(intra);
                intra = F.add(F.interpolate(intra, null, new float[]{2f, 2f}, "nearest", false), inner2.call(c0));
                return List.of(s1, s2, out3.call(intra));
            });
        }
    }

    /** CostRegNet: the 3-D U-Net over a variance volume [B, C, D, H, W] to logits [B, 1, D, H, W] (D, H, W divisible by 8). */
    static final class CostRegNet extends Module {
        private final ConvBnAct conv0, conv1, conv2, conv3, conv4, conv5, conv6, conv7, conv9, conv11;
        private final Conv3d prob;

        CostRegNet(String name, int in, int base) {
            super(name);
            conv0 = add(conv3dBnRelu("conv0", in, base, 1));
            conv1 = add(conv3dBnRelu("conv1", base, 2 * base, 2));
            conv2 = add(conv3dBnRelu("conv2", 2 * base, 2 * base, 1));
            conv3 = add(conv3dBnRelu("conv3", 2 * base, 4 * base, 2));
            conv4 = add(conv3dBnRelu("conv4", 4 * base, 4 * base, 1));
            conv5 = add(conv3dBnRelu("conv5", 4 * base, 8 * base, 2));
            conv6 = add(conv3dBnRelu("conv6", 8 * base, 8 * base, 1));
            conv7 = add(deconv3dBnRelu("conv7", 8 * base, 4 * base));
            conv9 = add(deconv3dBnRelu("conv9", 4 * base, 2 * base));
            conv11 = add(deconv3dBnRelu("conv11", 2 * base, base));
            prob = add(new Conv3d("prob", base, 1, 3).padding(1).bias(false));
        }

        @Override protected Tensor forward(Tensor x) {
            Tensor c0 = conv0.call(x);
            Tensor c2 = conv2.call(conv1.call(c0));
            Tensor c4 = conv4.call(conv3.call(c2));
            Tensor y = conv6.call(conv5.call(c4));
            y = F.add(c4, conv7.call(y));
            y = F.add(c2, conv9.call(y));
            y = F.add(c0, conv11.call(y));
            return prob.call(y);
        }
    }

    /**
     * The seed's PropagationNet on the edge image [B, 3, H, W]: three conv3x3-BN-ReLU blocks of {@code channels}
     * (32 by default; the seed does not say, an option) and a conv3x3 to one channel without bias, whose output is
     * added to the depth. Keys {@code refine_network.conv1..3.{conv,bn}}, {@code refine_network.res.weight}.
     */
    static final class PropagationNet extends Module {
        private final ConvBnAct conv1, conv2, conv3;
        private final Conv2d res;

        PropagationNet(String name, int channels) {
            super(name);
            conv1 = add(conv2dBnRelu("conv1", 3, channels, 3, 1, 1));
            conv2 = add(conv2dBnRelu("conv2", channels, channels, 3, 1, 1));
            conv3 = add(conv2dBnRelu("conv3", channels, channels, 3, 1, 1));
            res = add(new Conv2d("res", channels, 1, 3).padding(1).bias(false));
        }

        @Override protected Tensor forward(Tensor edge) { return res.call(conv3.call(conv2.call(conv1.call(edge)))); }
    }
}
