package org.trt4j.networks.srcnn;

import org.trt4j.error.UserError;
import org.trt4j.networks.image.RgbImage;
import org.trt4j.runtime.InputSpec;
import org.trt4j.runtime.NetworkFactory;
import org.trt4j.runtime.OptionSpec;
import org.trt4j.runtime.Options;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.quant.CalibrationMethod;
import org.trt4j.runtime.tensor.HostTensor;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code srcnn}: input {@code input} 1x3xHxW float RGB in [0, 1], output {@code output} 1x3x(H*s)x(W*s) (unclipped).
 * scale=N fixes the factor; scale=dynamic adds the INT32 shape-tensor input {@code factor} ([1]: the factor), whose
 * value range TensorRT needs at build time (e.g. {@code --profile factor=2:3:4}).
 */
public final class SrcnnFactory implements NetworkFactory {
    public static final String INPUT = "input", FACTOR = "factor", OUTPUT = "output";

    @Override public String name() { return "srcnn"; }

    @Override public String description() {
        return "SRCNN super-resolution (mmdeploy tutorial): bicubic upsample + 3 convs; RGB [0,1] NCHW in and out";
    }

    @Override public List<OptionSpec> options() {
        return List.of(
                new OptionSpec("scale", "3", "upscale factor: an integer, or 'dynamic' for a run-time factor input"),
                new OptionSpec("min", "8x8", "smallest input HxW of the engine profile"),
                new OptionSpec("opt", "256x256", "input HxW TensorRT optimizes for (and the CPU default)"),
                new OptionSpec("max", "1024x1024", "largest input HxW of the engine profile"));
    }

    /** The fixed factor, or 0 for scale=dynamic. */
    public static int factor(Options options) {
        String s = options.string("scale");
        if (s.equals("dynamic")) return 0;
        int f = options.integer("scale");
        if (f < 1 || f > 16) throw new UserError("option scale=" + s + " must be 1..16 or dynamic");
        return f;
    }

    @Override public List<InputSpec> inputs(Options options) {
        List<InputSpec> inputs = new ArrayList<>();
        inputs.add(InputSpec.dynamic(INPUT, DType.FLOAT, Shape.of(1, 3, Shape.DYNAMIC, Shape.DYNAMIC),
                options.imageShape("min", 3, 1), options.imageShape("opt", 3, 1), options.imageShape("max", 3, 1)));
        if (factor(options) == 0) inputs.add(InputSpec.fixed(FACTOR, DType.INT32, Shape.of(1)));
        return inputs;
    }

    @Override public void define(Network network, Options options) {
        int factor = factor(options);
        Tensor image = network.input(INPUT);
        Srcnn srcnn = new Srcnn();
        Tensor out = factor == 0 ? srcnn.upscale(image, network.input(FACTOR)) : srcnn.upscale(image, factor);
        network.markOutput(OUTPUT, out);
    }

    /**
     * Percentile, the method SRCNN's INT8 figures were measured with on the H100 (visits 9, 10 and 14). Entropy gave
     * 7 dB instead of 30 on the H200 (visit 8), but that was trt4j's entropy counting every ReLU zero in its first bin,
     * which pulled each threshold to its smallest candidate; fixed, the CPU simulation gives entropy within 0.06 dB of
     * percentile (SrcnnInt8SimulationTest), not yet measured on a GPU.
     */
    @Override public CalibrationMethod calibrationMethod() { return CalibrationMethod.PERCENTILE; }

    /** Calibration photo: its centre, at most 256x256, RGB in 0..1 as upscale feeds it (and the factor when dynamic). */
    @Override public Map<String, HostTensor> calibrationSample(Path image, Options options) {
        BufferedImage photo = RgbImage.readImage(image, RgbImage.DEFAULT_MAX_PIXELS);
        int w = Math.min(256, photo.getWidth()), h = Math.min(256, photo.getHeight());
        HostTensor rgb = RgbImage.toTensor(photo.getSubimage((photo.getWidth() - w) / 2, (photo.getHeight() - h) / 2, w, h));
        if (factor(options) != 0) return Map.of(INPUT, rgb);
        return Map.of(INPUT, rgb, FACTOR, HostTensor.ofInts(new int[] {3}, 1));
    }
}
