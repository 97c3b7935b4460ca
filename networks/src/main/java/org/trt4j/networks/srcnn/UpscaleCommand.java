package org.trt4j.networks.srcnn;

import org.trt4j.networks.image.ImageInput;
import org.trt4j.networks.image.RgbImage;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.run.Backend;
import org.trt4j.runtime.run.Runner;
import org.trt4j.runtime.run.Runners;
import org.trt4j.runtime.trt.BuildOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code trt4j upscale}: SRCNN super-resolution of one image, on TensorRT when available, else on the CPU. */
@Command(name = "upscale", mixinStandardHelpOptions = true,
        description = "Upscale an image with SRCNN (bicubic + 3 convs). Uses TensorRT when a GPU and TensorRT are present "
                + "(engine built once, cached under ~/.cache/trt4j/engines), the CPU reference backend otherwise.")
public final class UpscaleCommand implements Callable<Integer> {
    /** The shipped weights for one scale (trained per scale), or null where none are shipped. */
    public static String shippedWeights(int scale) {
        return scale >= 2 && scale <= 4 ? "/org/trt4j/networks/srcnn/srcnn_x" + scale + ".wts" : null;
    }

    @picocli.CommandLine.Mixin ImageInput input = new ImageInput();

    @Option(names = "--output", required = true, description = "image to write: .png or .jpg")
    Path output;

    @Option(names = "--scale", defaultValue = "3", description = "upscale factor (default ${DEFAULT-VALUE}; weights are shipped for 2, 3 and 4)")
    int scale;

    @Option(names = "--weights", description = "SRCNN weights (.wts, .pth, .safetensors; keys conv1|conv2|conv3); default: the shipped weights for --scale")
    Path weights;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, cpu or tensorrt (default ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--precision", defaultValue = "fp32", description = "TensorRT precision: fp32, tf32 or fp16 (default ${DEFAULT-VALUE})")
    String precision;

    @Override public Integer call() {
        RgbImage.checkOutput(output); // before the work: a bad output path fails in a moment, not after inference
        HostTensor image = input.tensor();
        if (scale < 1 || scale > 8) throw new IllegalArgumentException("--scale " + scale + " must be 1..8");
        WeightsSource w = WeightsSource.load(weights, shippedWeights(scale));
        int h = image.shape()[2], wd = image.shape()[3];
        // one engine profile (up to 1024x1024 inputs) for every image: larger outputs run in tiles that fit it (TiledUpscale)
        Map<String, String> options = Map.of("scale", String.valueOf(scale), "min", "8x8", "opt", "256x256", "max", TiledUpscale.MAX_INPUT_SIDE + "x" + TiledUpscale.MAX_INPUT_SIDE);
        DefinedNetwork net = NetworkRegistry.define("srcnn", w.weights(), options, Map.of());
        BuildOptions build = BuildOptions.defaults().withPrecision(Backend.parsePrecision(precision)).withProfiles(net.profiles());
        System.err.printf("trt4j: %s %dx%d -> %dx%d (x%d), weights %s%n", input.path(), wd, h, wd * scale, h * scale, scale, w.description());
        long start = System.nanoTime();
        HostTensor out;
        try (Runner runner = Runners.open(net, w.sha256(), Backend.parse(backend), build, System.err)) {
            out = TiledUpscale.upscale(runner, image, scale);
        }
        RgbImage.write(RgbImage.toImage(out), output);
        System.err.printf("trt4j: wrote %s (%s) in %.1f s%n", output, Shape.of(out.shape()), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
