package org.trt4j.networks.fcn;

import org.trt4j.error.UserError;
import org.trt4j.networks.image.RgbImage;
import org.trt4j.networks.image.VocClasses;
import org.trt4j.networks.image.ImageInput;
import org.trt4j.networks.image.Resample;
import org.trt4j.networks.srcnn.WeightsSource;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.run.Backend;
import org.trt4j.runtime.run.Runner;
import org.trt4j.runtime.run.Runners;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code trt4j segment}: FCN-ResNet101 semantic segmentation of one image into the 21 VOC classes. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Segment an image with FCN-ResNet101 (21 VOC classes) and write the VOC-colored class map. Uses "
                + "TensorRT when a GPU and TensorRT are present (engine cached under ~/.cache/trt4j/engines), the CPU "
                + "reference backend otherwise (slow: minutes for a photo).")
public final class SegmentCommand implements Callable<Integer> {
    static final float[] MEAN = {0.485f, 0.456f, 0.406f}, STD = {0.229f, 0.224f, 0.225f};

    @picocli.CommandLine.Mixin ImageInput input = new ImageInput();

    @Option(names = "--output", required = true, description = "image of the class map in the VOC palette (.png; .jpg is lossy)")
    Path output;

    @Option(names = "--overlay", description = "also write the photo with the classes blended in (.png or .jpg)")
    Path overlay;

    @Option(names = "--weights", required = true,
            description = "torchvision fcn_resnet101 weights: the official COCO-VOC .pth, or its .wts (trt4j weights convert)")
    Path weights;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, cpu or tensorrt (default ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--precision", defaultValue = "fp16", description = "TensorRT precision: fp32, tf32 or fp16 (default ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--max-size", paramLabel = "HxW", defaultValue = "1440x2560",
            description = "the largest input the network sees (and its engine profile's maximum); a larger photo is shrunk to fit "
                    + "by area averaging, aspect kept, and its class map enlarged back to the photo's size (default ${DEFAULT-VALUE})")
    String maxSize;

    @Override public Integer call() {
        RgbImage.checkOutput(output); // before the work: a bad output path fails in a moment, not after inference
        if (overlay != null) RgbImage.checkOutput(overlay);
        HostTensor rgb = input.tensor();
        BufferedImage photo = RgbImage.toImage(rgb);
        int h = rgb.shape()[2], w = rgb.shape()[3];
        int[] most = maxSize();
        // a 12 MP photo at full size needed more than 8 GB on the CPU backend: photos above --max-size are shrunk
        double fit = Math.min(1.0, Math.min((double) most[0] / h, (double) most[1] / w));
        int nh = Math.max(1, (int) Math.floor(h * fit)), nw = Math.max(1, (int) Math.floor(w * fit));
        HostTensor seen = fit < 1 ? Resample.area(rgb, nh, nw) : rgb;
        if (fit < 1) System.err.printf("trt4j: %dx%d is above --max-size %s: segmenting it at %dx%d, the class map enlarged back%n", w, h, maxSize, nw, nh);
        WeightsSource source = WeightsSource.load(weights, null);
        // the profile up to --max-size, widened down to a smaller image
        int minH = Math.min(256, nh), minW = Math.min(256, nw);
        Map<String, String> options = Map.of("outputs", "argmax", "aux", "false", "min", minH + "x" + minW,
                "opt", Math.max(minH, Math.min(1026, most[0])) + "x" + Math.max(minW, Math.min(1282, most[1])), "max", most[0] + "x" + most[1]);
        DefinedNetwork net = NetworkRegistry.define("fcn_resnet101", source.weights(), options, Map.of());
        BuildOptions build = BuildOptions.defaults().withPrecision(Backend.parsePrecision(precision)).withProfiles(net.profiles());
        System.err.printf("trt4j: segmenting %s (%dx%d), weights %s%n", input.path(), w, h, source.description());
        long start = System.nanoTime();
        HostTensor classes;
        try (Runner runner = Runners.open(net, source.sha256(), Backend.parse(backend), build, System.err)) {
            classes = runner.run(Map.of(FcnResNetFactory.INPUT, normalize(seen))).get(FcnResNetFactory.CLASSES);
        }
        int[] map = fit < 1 ? Resample.nearest(classes.ints(), nh, nw, h, w) : classes.ints();
        RgbImage.write(VocClasses.colorize(map, h, w), output);
        if (overlay != null) RgbImage.write(VocClasses.overlay(photo, map), overlay);
        System.err.printf("trt4j: wrote %s%s in %.1f s; classes: %s%n", output, overlay == null ? "" : " and " + overlay,
                (System.nanoTime() - start) / 1e9, histogram(map));
        return 0;
    }

    private int[] maxSize() {
        try {
            Shape hw = Shape.parse(maxSize);
            if (hw.rank() == 2 && hw.dim(0) >= 32 && hw.dim(1) >= 32) return hw.dims();
        } catch (IllegalArgumentException e) {
            // the message below
        }
        throw new UserError("--max-size " + maxSize + ": expected HxW with each side >= 32, e.g. 1440x2560");
    }

    /** ImageNet normalization, as torchvision's segmentation weights expect: (rgb - mean) / std per channel. */
    static HostTensor normalize(HostTensor rgb) {
        float[] v = rgb.floats().clone();
        int plane = v.length / 3;
        for (int c = 0; c < 3; c++)
            for (int i = c * plane; i < (c + 1) * plane; i++) v[i] = (v[i] - MEAN[c]) / STD[c];
        return HostTensor.of(v, rgb.shape());
    }

    static String histogram(int[] map) {
        long[] count = new long[VocClasses.NAMES.length];
        for (int c : map) if (c >= 0 && c < count.length) count[c]++;
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < count.length; c++) {
            if (count[c] == 0) continue;
            if (b.length() > 0) b.append(", ");
            b.append(VocClasses.NAMES[c]).append(String.format(" %.1f%%", 100.0 * count[c] / map.length));
        }
        return b.toString();
    }
}
