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
 * RVM's RecurrentDecoder for MobileNetV3 (features [16, 24, 40, 128], decoder [80, 40, 32, 16]): the small source
 * pooled three times (AvgPool2d(2, 2, ceil_mode, count_include_pad False)); decode4 a ConvGRU on the second half of
 * the 128 LRASPP channels; decode3..1 upsampling blocks (bilinear x2, cropped to the skip's size, concat [x, skip,
 * pooled source], conv3x3-BN-ReLU, ConvGRU on the second half); decode0 the output block (two conv3x3-BN-ReLU).
 */
final class RecurrentDecoder extends Module {
    /** The decoder's 16-channel output at the small source's size and the four new states. */
    record Output(Tensor hidden, Tensor r1, Tensor r2, Tensor r3, Tensor r4) {}

    private final BottleneckBlock decode4;
    private final UpsamplingBlock decode3, decode2, decode1;
    private final OutputBlock decode0;

    RecurrentDecoder(String name) {
        super(name);
        decode4 = add(new BottleneckBlock("decode4", 128));
        decode3 = add(new UpsamplingBlock("decode3", 128, 40, 80));
        decode2 = add(new UpsamplingBlock("decode2", 80, 24, 40));
        decode1 = add(new UpsamplingBlock("decode1", 40, 16, 32));
        decode0 = add(new OutputBlock("decode0", 32, 16));
    }

    Output decode(Tensor s0, MobileNetV3Encoder.Features f, Tensor f4, Tensor r1, Tensor r2, Tensor r3, Tensor r4) {
        return scoped(() -> {
            Tensor s1 = pool(s0), s2 = pool(s1), s3 = pool(s2);
            Tensor[] x4 = decode4.step(f4, r4);
            Tensor[] x3 = decode3.step(x4[0], f.f3(), s3, r3);
            Tensor[] x2 = decode2.step(x3[0], f.f2(), s2, r2);
            Tensor[] x1 = decode1.step(x2[0], f.f1(), s1, r1);
            return new Output(decode0.step(x1[0], s0), x1[1], x2[1], x3[1], x4[1]);
        });
    }

    static Tensor pool(Tensor x) {
        return F.avgPool2d(x, new int[]{2, 2}, new int[]{2, 2}, new int[]{0, 0}, true, false);
    }

    /** Bilinear x2 (align_corners False, scale used as given) cropped to the skip's H and W, as x[:, :, :h, :w]. */
    static Tensor upsampleTo(Tensor x, Tensor skip) {
        Tensor up = F.interpolate(x, null, new float[]{2f, 2f}, "bilinear", false);
        if (up.dim(2) != skip.dim(2)) up = F.slice(up, 2, 0, skip.dim(2), 1);
        if (up.dim(3) != skip.dim(3)) up = F.slice(up, 3, 0, skip.dim(3), 1);
        return up;
    }

    /** [x without its second half, gru(second half)] and the new state. */
    static Tensor[] gruOnSecondHalf(ConvGru gru, Tensor x, int channels, Tensor r) {
        List<Tensor> ab = F.split(x, new int[]{channels / 2, channels / 2}, 1);
        Tensor h = gru.step(ab.get(1), r);
        return new Tensor[]{F.cat(List.of(ab.get(0), h), 1), h};
    }

    static Sequential convBnRelu(String name, int in, int out) {
        return new Sequential(name, new Conv2d("0", in, out, 3).padding(1).bias(false), new BatchNorm2d("1", out), new Lambda("2", F::relu));
    }

    private static final class BottleneckBlock extends Module {
        private final int channels;
        private final ConvGru gru;

        BottleneckBlock(String name, int channels) {
            super(name);
            this.channels = channels;
            gru = add(new ConvGru("gru", channels / 2));
        }

        Tensor[] step(Tensor x, Tensor r) { return scoped(() -> gruOnSecondHalf(gru, x, channels, r)); }
    }

    private static final class UpsamplingBlock extends Module {
        private final int out;
        private final Sequential conv;
        private final ConvGru gru;

        UpsamplingBlock(String name, int in, int skip, int out) {
            super(name);
            this.out = out;
            conv = add(convBnRelu("conv", in + skip + 3, out));
            gru = add(new ConvGru("gru", out / 2));
        }

        Tensor[] step(Tensor x, Tensor f, Tensor s, Tensor r) {
            return scoped(() -> gruOnSecondHalf(gru, conv.call(F.cat(List.of(upsampleTo(x, s), f, s), 1)), out, r));
        }
    }

    private static final class OutputBlock extends Module {
        private final Sequential conv;

        OutputBlock(String name, int in, int out) {
            super(name);
            conv = add(new Sequential("conv", new Conv2d("0", in + 3, out, 3).padding(1).bias(false), new BatchNorm2d("1", out),
                    new Lambda("2", F::relu), new Conv2d("3", out, out, 3).padding(1).bias(false), new BatchNorm2d("4", out),
                    new Lambda("5", F::relu)));
        }

        Tensor step(Tensor x, Tensor s) { return scoped(() -> conv.call(F.cat(List.of(upsampleTo(x, s), s), 1))); }
    }
}
