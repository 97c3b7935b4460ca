package org.trt4j.networks.rvm;

import org.trt4j.error.UserError;
import org.trt4j.runtime.InputSpec;
import org.trt4j.runtime.NetworkFactory;
import org.trt4j.runtime.OptionSpec;
import org.trt4j.runtime.Options;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Module;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code rvm_mobilenetv3}: Robust Video Matting with the MobileNetV3-Large backbone (PeterL1n/RobustVideoMatting,
 * keys of rvm_mobilenetv3.pth; project_seg is read and unused). Inputs: {@code src} [B, 3, H, W] RGB in 0..1 and
 * the recurrent states {@code r1i..r4i} at their true shapes ({@link #stateShapes}; zeros on the first frame).
 * Outputs: {@code fgr} [B, 3, H, W] and {@code pha} [B, 1, H, W] clamped to 0..1, and the new states
 * {@code r1o..r4o} (same shapes as r1i..r4i, fed back into the next frame). The downsample ratio is fixed at build
 * time, so the engine has static shapes and needs no Resize with run-time scales.
 */
public final class RvmFactory implements NetworkFactory {
    public static final String SRC = "src", FGR = "fgr", PHA = "pha";
    public static final List<String> STATE_INPUTS = List.of("r1i", "r2i", "r3i", "r4i"), STATE_OUTPUTS = List.of("r1o", "r2o", "r3o", "r4o");
    static final int[] STATE_CHANNELS = {16, 20, 40, 64};

    @Override public String name() { return "rvm_mobilenetv3"; }

    @Override public String description() {
        return "Robust Video Matting (MobileNetV3-Large), recurrent states as inputs/outputs, downsample ratio fixed at build time";
    }

    @Override public List<OptionSpec> options() {
        return List.of(
                new OptionSpec("height", "1080", "frame height"),
                new OptionSpec("width", "1920", "frame width"),
                new OptionSpec("batch", "1", "frames per call (each its own stream of states)"),
                new OptionSpec("ratio", "0.25", "downsample ratio of the backbone's input, 0 < ratio <= 1 (1 = no refiner)"));
    }

    /** The source, after the downsampling (PyTorch's floor(H x ratio) with the scale used as given). */
    public static int[] smallSize(int height, int width, float ratio) {
        if (ratio == 1f) return new int[]{height, width};
        return new int[]{(int) Math.floor(height * (double) ratio), (int) Math.floor(width * (double) ratio)};
    }

    /** r1..r4: the small source's size halved (rounding up) 1, 2, 3 and 4 times, with 16, 20, 40 and 64 channels. */
    public static List<int[]> stateShapes(int batch, int height, int width, float ratio) {
        int[] hw = smallSize(height, width, ratio);
        List<int[]> shapes = new ArrayList<>();
        int h = hw[0], w = hw[1];
        for (int c : STATE_CHANNELS) {
            h = (h + 1) / 2;
            w = (w + 1) / 2;
            shapes.add(new int[]{batch, c, h, w});
        }
        return shapes;
    }

    static float ratio(Options o) {
        float r = o.real("ratio");
        if (!(r > 0f && r <= 1f)) throw new UserError("option ratio=" + o.string("ratio") + " must be in (0, 1]");
        return r;
    }

    @Override public List<InputSpec> inputs(Options o) {
        int batch = o.integer("batch"), height = o.integer("height"), width = o.integer("width");
        float ratio = ratio(o);
        if (batch < 1) throw new UserError("option batch=" + batch + " must be >= 1");
        int[] small = smallSize(height, width, ratio);
        if (small[0] < 16 || small[1] < 16)
            throw new UserError("options height=" + height + " width=" + width + " ratio=" + o.string("ratio") + " give a "
                    + small[0] + "x" + small[1] + " backbone input; it needs at least 16x16");
        List<InputSpec> specs = new ArrayList<>();
        specs.add(InputSpec.fixed(SRC, DType.FLOAT, Shape.of(batch, 3, height, width)));
        List<int[]> states = stateShapes(batch, height, width, ratio);
        for (int i = 0; i < 4; i++) specs.add(InputSpec.fixed(STATE_INPUTS.get(i), DType.FLOAT, Shape.of(states.get(i))));
        return specs;
    }

    @Override public void define(Network network, Options o) {
        float ratio = ratio(o);
        Tensor src = network.input(SRC);
        Tensor srcSmall = ratio == 1f ? src : F.interpolate(src, null, new float[]{ratio, ratio}, "bilinear", false);
        MobileNetV3Encoder.Features f = new MobileNetV3Encoder("backbone").features(srcSmall);
        Tensor f4 = new Lraspp("aspp", 960, 128).call(f.f4());
        RecurrentDecoder.Output d = new RecurrentDecoder("decoder").decode(srcSmall, f, f4, network.input("r1i"),
                network.input("r2i"), network.input("r3i"), network.input("r4i"));
        List<Tensor> mat = F.split(new Projection("project_mat", 4).call(d.hidden()), new int[]{3, 1}, 1);
        Tensor fgrResidual = mat.get(0), pha = mat.get(1);
        if (ratio != 1f) {
            DeepGuidedFilter.Refined r = new DeepGuidedFilter("refiner").refine(src, srcSmall, fgrResidual, pha, d.hidden());
            fgrResidual = r.fgrResidual();
            pha = r.pha();
        } else {
            ignoreUnder(network, "refiner.");
        }
        ignoreUnder(network, "project_seg."); // the segmentation head: in the checkpoint, not in matting
        network.markOutput(FGR, F.clip(F.add(fgrResidual, src), 0f, 1f));
        network.markOutput(PHA, F.clip(pha, 0f, 1f));
        Tensor[] states = {d.r1(), d.r2(), d.r3(), d.r4()};
        for (int i = 0; i < 4; i++) network.markOutput(STATE_OUTPUTS.get(i), states[i]);
    }

    private static void ignoreUnder(Network network, String prefix) {
        for (String k : network.weights().source().names()) if (k.startsWith(prefix)) network.weights().ignore(k);
    }

    /** RVM's Projection: a 1x1 conv with bias (key conv). */
    private static final class Projection extends Module {
        private final Conv2d conv;

        Projection(String name, int out) {
            super(name);
            conv = add(new Conv2d("conv", 16, out, 1));
        }

        @Override protected Tensor forward(Tensor x) { return conv.call(x); }
    }
}
