package org.trt4j.networks.mvs;

import org.trt4j.error.UserError;
import org.trt4j.networks.image.RgbImage;
import org.trt4j.networks.srcnn.WeightsSource;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.run.Backend;
import org.trt4j.runtime.run.Runner;
import org.trt4j.runtime.run.Runners;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code trt4j depth}: cascade MVS depth of the first image from it and its source views. Images are RGB / 255
 * (CasMVSNet's input), cropped at the right and bottom to multiples of 32 (a top-left crop keeps the intrinsics);
 * depth_values = (depth_min, CasMVSNet's last hypothesis) from the reference camera; {@code edge} is the reference
 * image's Sobel gradient magnitude per channel.
 */
@Command(name = "depth", mixinStandardHelpOptions = true,
        description = "Multi-view stereo depth (CasMVSNet with attention and PropagationNet) of the first image; writes a PFM "
                + "and colourised depth and confidence PNGs. TensorRT when present, the CPU backend otherwise.")
public final class DepthCommand implements Callable<Integer> {
    @Option(names = "--images", arity = "2..*", required = true, description = "the reference image, then its source views")
    List<Path> images;

    @Option(names = "--cams", arity = "1..*", required = true,
            description = "MVSNet cam.txt: one file with a block per image (reference first), or one file per image")
    List<Path> cams;

    @Option(names = "--output", required = true, description = "depth map, .pfm")
    Path output;

    @Option(names = "--depth-png", description = "colourised depth (default: OUTPUT with .png)")
    Path depthPng;

    @Option(names = "--confidence-png", description = "colourised photometric confidence (default: OUTPUT_confidence.png)")
    Path confidencePng;

    @Option(names = "--weights", description = "casmvsnet weights (a CasMVSNet checkpoint converted with trt4j weights convert); "
            + "without it, seeded untrained weights: the pipeline runs, the depth means nothing")
    Path weights;

    @Option(names = "--option", description = "casmvsnet option KEY=VALUE (e.g. grid_sample=native, attention=false)")
    List<String> networkOptions = List.of();

    @Option(names = "--backend", defaultValue = "auto", description = "auto, cpu or tensorrt (default ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--precision", defaultValue = "fp32", description = "TensorRT precision: fp32, tf32 or fp16 (default ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--max-pixels", defaultValue = "" + RgbImage.DEFAULT_MAX_PIXELS, description = "largest image accepted")
    long maxPixels;

    @Override public Integer call() {
        String base = output.toString().replaceAll("\\.[^./]*$", "");
        if (!output.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pfm")) throw new UserError(output + ": the depth output must be .pfm");
        Path depthImage = depthPng != null ? depthPng : Path.of(base + ".png");
        Path confImage = confidencePng != null ? confidencePng : Path.of(base + "_confidence.png");
        org.trt4j.io.OutputFile.checkWritable(output);
        RgbImage.checkOutput(depthImage);
        RgbImage.checkOutput(confImage);

        List<MvsCameras.Camera> cameras = MvsCameras.read(cams);
        if (cameras.size() != images.size())
            throw new UserError(String.join(", ", cams.stream().map(Path::toString).toList()) + (cams.size() == 1 ? " holds " : " hold ")
                    + cameras.size() + " cameras for " + images.size() + " images (one per image, the reference first)");
        int views = images.size(), h = -1, w = -1;
        float[][] rgb = new float[views][];
        for (int v = 0; v < views; v++) {
            HostTensor t = RgbImage.read(images.get(v), maxPixels);
            if (v == 0) {
                h = t.shape()[2] / 32 * 32;
                w = t.shape()[3] / 32 * 32;
                if (h == 0 || w == 0) throw new UserError(images.get(0) + ": " + t.shape()[3] + "x" + t.shape()[2] + " is smaller than 32x32");
            } else if (t.shape()[2] / 32 * 32 != h || t.shape()[3] / 32 * 32 != w) {
                throw new UserError(images.get(v) + ": " + t.shape()[3] + "x" + t.shape()[2] + " differs from the reference image's size");
            }
            rgb[v] = crop(t, h, w);
        }
        float[] imgs = new float[views * 3 * h * w];
        for (int v = 0; v < views; v++) System.arraycopy(rgb[v], 0, imgs, v * 3 * h * w, 3 * h * w);
        MvsCameras.Camera ref = cameras.get(0);
        float lo = ref.depthMin(), hi = ref.lastDepth();

        Map<String, String> options = new HashMap<>(org.trt4j.runtime.Options.parseAssignments(networkOptions));
        options.put("size", h + "x" + w);
        options.put("views", String.valueOf(views));
        WeightsSource source = weights != null ? WeightsSource.load(weights, null)
                : new WeightsSource(SeededWeights.load(16), "seeded-16", "seeded untrained weights");
        DefinedNetwork net = NetworkRegistry.define("casmvsnet", source.weights(), options, Map.of());
        Map<String, HostTensor> in = new HashMap<>();
        in.put(CascadeMvsNetFactory.IMGS, HostTensor.of(imgs, 1, views, 3, h, w));
        for (int s = 1; s <= 3; s++)
            in.put(CascadeMvsNetFactory.proj(s), HostTensor.of(MvsCameras.projMatrices(cameras, CascadeMvsNetFactory.SCALES[s - 1]), 1, views, 2, 4, 4));
        in.put(CascadeMvsNetFactory.DEPTH_VALUES, HostTensor.of(new float[]{lo, hi}, 1, 2));
        if (!"false".equals(options.get("propagation"))) in.put(CascadeMvsNetFactory.EDGE, HostTensor.of(sobel(rgb[0], h, w), 1, 3, h, w));
        System.err.printf("trt4j: depth of %s (%dx%d, %d views), depth range %.4g..%.4g, weights %s%n", images.get(0), w, h, views, lo, hi,
                source.description());
        BuildOptions build = BuildOptions.defaults().withPrecision(Backend.parsePrecision(precision)).withProfiles(net.profiles());
        long start = System.nanoTime();
        Map<String, HostTensor> out;
        try (Runner runner = Runners.open(net, source.sha256(), Backend.parse(backend), build, System.err)) {
            out = runner.run(in);
        }
        float[] depth = out.get(CascadeMvsNetFactory.DEPTH).floats(), conf = out.get(CascadeMvsNetFactory.CONFIDENCE).floats();
        Pfm.write(output, depth, h, w);
        RgbImage.write(DepthColors.depth(depth, h, w, lo, hi), depthImage);
        RgbImage.write(DepthColors.confidence(conf, h, w), confImage);
        float dmin = Float.POSITIVE_INFINITY, dmax = Float.NEGATIVE_INFINITY;
        for (float d : depth) { dmin = Math.min(dmin, d); dmax = Math.max(dmax, d); }
        System.err.printf("trt4j: wrote %s, %s and %s in %.1f s; depth %.4g..%.4g%s%n", output, depthImage, confImage,
                (System.nanoTime() - start) / 1e9, dmin, dmax, weights == null ? " (untrained weights: give --weights for real depth)" : "");
        return 0;
    }

    /** The top-left h x w of a 1x3xHxW tensor, CHW floats. */
    static float[] crop(HostTensor t, int h, int w) {
        int th = t.shape()[2], tw = t.shape()[3];
        float[] src = t.floats(), out = new float[3 * h * w];
        for (int c = 0; c < 3; c++) for (int y = 0; y < h; y++) System.arraycopy(src, (c * th + y) * tw, out, (c * h + y) * w, w);
        return out;
    }

    /** Per channel Sobel gradient magnitude (edge-replicated borders), scaled so that 1 is the largest possible. */
    static float[] sobel(float[] chw, int h, int w) {
        float[] e = new float[chw.length];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    float gx = 0, gy = 0;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = Math.max(0, Math.min(h - 1, y + dy)), xx = Math.max(0, Math.min(w - 1, x + dx));
                            float v = chw[(c * h + yy) * w + xx];
                            gx += v * dx * (dy == 0 ? 2 : 1);
                            gy += v * dy * (dx == 0 ? 2 : 1);
                        }
                    e[(c * h + y) * w + x] = (float) Math.sqrt(gx * gx + gy * gy) / (float) Math.sqrt(32);
                }
        return e;
    }
}
