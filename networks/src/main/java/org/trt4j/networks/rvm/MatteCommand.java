package org.trt4j.networks.rvm;

import org.trt4j.error.UserError;
import org.trt4j.io.OutputFile;
import org.trt4j.networks.image.RgbImage;
import org.trt4j.networks.image.VideoWriter;
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

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * {@code trt4j matte}: Robust Video Matting of a video file or a directory of frames (sorted by name; one clip: the
 * recurrent states are carried from frame to frame, on the GPU with TensorRT). Writes one PNG per frame: RGBA (foreground, alpha) or,
 * with --composite, the foreground over a solid color; or the composites as an H.264 video when --output names one.
 */
@Command(name = "matte", mixinStandardHelpOptions = true,
        description = "Video matting with Robust Video Matting (MobileNetV3): a video file or a directory of frames (PNG/JPEG, "
                + "sorted by name) to RGBA PNGs, or composites over a color (PNGs or an H.264 .mp4/.mov/.mkv). States stay on the GPU between frames with TensorRT; the CPU "
                + "reference backend runs otherwise (slow).")
public final class MatteCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "directory of frames (.png, .jpg, .jpeg, sorted by name), all of one size, or a video file (MP4, MOV, MKV, WebM, AVI, GIF ...)")
    Path input;

    @Option(names = "--output", required = true, description = "directory for the mattes (created; one .png per frame, named as the frame, "
            + "or 000001.png ... for a video), or a .mp4/.mov/.mkv file for the composites (H.264; needs --composite)")
    Path output;

    @Option(names = "--weights", required = true, description = "rvm_mobilenetv3.pth (official) or its .wts")
    Path weights;

    @Option(names = "--composite", paramLabel = "COLOR",
            description = "write the foreground over this color (a name: green, blue, white, black, red, or #rrggbb) instead of RGBA")
    String composite;

    @Option(names = "--ratio", defaultValue = "0.25", description = "downsample ratio of the backbone's input (default ${DEFAULT-VALUE}; "
            + "0.25 for HD, 0.4 for 720p, 1 for small frames)")
    String ratio;

    @Option(names = "--fps", paramLabel = "RATE", description = "frame rate of a video --output (default: the input video's, 25 for frames)")
    Double fps;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, cpu or tensorrt (default ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--precision", defaultValue = "fp16", description = "TensorRT precision: fp32, tf32 or fp16 (default ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--opt-level", paramLabel = "N", defaultValue = "-1",
            description = "TensorRT builder optimization level 0..5 (default TensorRT's 3); at 1080x1920 FP16 on an H100 level 3 "
                    + "builds for more than 7 minutes, level 1 in about 3 (the engine is cached either way)")
    int optimizationLevel;

    @Override public Integer call() {
        int[] background = composite == null ? null : parseColor(composite);
        boolean toVideo = VideoWriter.isVideo(output);
        if (fps != null && !toVideo) throw new UserError("--fps sets a video --output's frame rate; " + output + " is not a .mp4/.mov/.mkv file");
        if (toVideo && background == null)
            throw new UserError(output + ": a video holds no alpha here; give --composite COLOR to write the composites as a video, "
                    + "or an output directory for RGBA PNG mattes");
        try (ClipFrames clip = ClipFrames.open(input, RgbImage.DEFAULT_MAX_PIXELS)) {
            if (toVideo) checkVideoOutput(output);
            else prepareOutput(output);
            HostTensor first = clip.next();
            if (first == null) throw new UserError(input + ": the video has no frames");
            return matte(clip, first, background, toVideo);
        }
    }

    private int matte(ClipFrames clip, HostTensor first, int[] background, boolean toVideo) {
        int h = first.shape()[2], w = first.shape()[3];
        WeightsSource source = WeightsSource.load(weights, null);
        DefinedNetwork net = NetworkRegistry.define("rvm_mobilenetv3", source.weights(),
                Map.of("height", String.valueOf(h), "width", String.valueOf(w), "ratio", ratio), Map.of());
        BuildOptions build = BuildOptions.defaults().withPrecision(Backend.parsePrecision(precision)).withOptimizationLevel(optimizationLevel);
        long expected = clip.expected();
        System.err.printf("trt4j: matting %s frames of %dx%d from %s, ratio %s, weights %s%n", expected > 0 ? String.valueOf(expected) : "the",
                w, h, input, ratio, source.description());
        long start = System.nanoTime();
        int count = 0;
        double rate = fps != null ? fps : clip.framesPerSecond() > 0 ? clip.framesPerSecond() : 25;
        try (VideoWriter video = toVideo ? new VideoWriter(output, w, h, rate) : null;
             Runner runner = Runners.open(net, source.sha256(), Backend.parse(backend), build, System.err);
             RecurrentMatting matting = new RecurrentMatting(runner, RvmFactory.stateShapes(1, h, w, RvmFactory.ratio(net.options())));
             // a video is encoded in order, so by one writer; PNG frames on every core but one
             FramePipeline pipeline = new FramePipeline(toVideo ? 1 : FramePipeline.defaultWriters())) {
            long matteStart = System.nanoTime();
            HostTensor rgb = first;
            for (int i = 0; rgb != null; i++) {
                Future<HostTensor> ahead = pipeline.read(clip::next);
                if (rgb.shape()[2] != h || rgb.shape()[3] != w)
                    throw new UserError(clip.label(i) + ": " + rgb.shape()[3] + "x" + rgb.shape()[2] + ", the clip's first frame " + clip.label(0)
                            + " is " + w + "x" + h + "; all frames must have one size");
                RecurrentMatting.Matte m = matting.next(rgb); // the states run in order; the frame's outputs are its own
                if (video != null) {
                    pipeline.write(() -> video.write(toImage(m, background)));
                } else {
                    Path out = output.resolve(clip.outputName(i));
                    pipeline.write(() -> RgbImage.write(toImage(m, background), out));
                }
                count = i + 1;
                progress(pipeline.written(), Math.max(expected, count), (System.nanoTime() - matteStart) / 1e9);
                rgb = FramePipeline.get(ahead);
            }
            int total = count;
            pipeline.finish(done -> progress(done, total, (System.nanoTime() - matteStart) / 1e9));
        } catch (RuntimeException e) {
            System.err.println(); // ends the progress line before the error
            throw e;
        }
        System.err.printf("%ntrt4j: wrote %d %s to %s in %.1f s%n", count, background == null ? "RGBA mattes" : toVideo ? "composite frames" : "composites", output,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private void checkVideoOutput(Path file) {
        OutputFile.checkWritable(file);
        try {
            if (Files.exists(file) && Files.isSameFile(file, input)) throw new UserError(file + ": is the input video; give another --output");
        } catch (IOException e) {
            throw new UserError(file + ": " + e.getMessage(), e);
        }
    }

    private static void prepareOutput(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UserError(dir + ": is a file; --output takes a directory");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot create the output directory (" + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(dir)) throw new UserError(dir + ": the output directory is not writable");
    }

    /** A color name or #rrggbb to {r, g, b} in 0..255. */
    static int[] parseColor(String color) {
        String c = color.trim().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "green" -> new int[]{0, 255, 0};
            case "blue" -> new int[]{0, 0, 255};
            case "red" -> new int[]{255, 0, 0};
            case "white" -> new int[]{255, 255, 255};
            case "black" -> new int[]{0, 0, 0};
            default -> {
                if (!c.matches("#[0-9a-f]{6}"))
                    throw new UserError("--composite '" + color + "': give green, blue, red, white, black or #rrggbb");
                int v = Integer.parseInt(c.substring(1), 16);
                yield new int[]{v >> 16 & 255, v >> 8 & 255, v & 255};
            }
        };
    }

    /** RGBA (fgr, pha) or, with a background, fgr * pha + background * (1 - pha). */
    static BufferedImage toImage(RecurrentMatting.Matte m, int[] background) {
        int h = m.pha().shape()[2], w = m.pha().shape()[3], plane = h * w;
        float[] fgr = m.fgr().floats(), pha = m.pha().floats();
        BufferedImage img = new BufferedImage(w, h, background == null ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] px = new int[plane];
        for (int i = 0; i < plane; i++) {
            float a = pha[i];
            int r, g, b;
            if (background == null) {
                r = to8(fgr[i]);
                g = to8(fgr[plane + i]);
                b = to8(fgr[2 * plane + i]);
                px[i] = to8(a) << 24 | r << 16 | g << 8 | b;
            } else {
                r = to8(fgr[i] * a + background[0] / 255f * (1 - a));
                g = to8(fgr[plane + i] * a + background[1] / 255f * (1 - a));
                b = to8(fgr[2 * plane + i] * a + background[2] / 255f * (1 - a));
                px[i] = r << 16 | g << 8 | b;
            }
        }
        img.setRGB(0, 0, w, h, px, 0, w);
        return img;
    }

    private static int to8(float v) {
        float c = v < 0f ? 0f : (v > 1f ? 1f : v);
        return (int) (c * 255f + 0.5f);
    }

    /** One line, rewritten in place: [#####.....] done/total frames, frames per second. */
    private static void progress(int done, long total, double seconds) {
        int width = 30, filled = (int) ((long) width * done / total);
        System.err.printf("\r[%s%s] %d/%d frames, %.1f fps", "#".repeat(filled), ".".repeat(width - filled), done, total,
                seconds > 0 ? done / seconds : 0);
    }
}
