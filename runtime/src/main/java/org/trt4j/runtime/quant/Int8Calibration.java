package org.trt4j.runtime.quant;

import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.run.EngineCache;
import org.trt4j.runtime.trt.EngineFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * The activation scales of a build: read from a scales file when it matches (same network, options, weights,
 * samples and method), else calibrated and written to it. Without an explicit file the cache is
 * {@code ROOT/scales/NETWORK-KEY.json} beside the engine cache.
 */
public final class Int8Calibration {

    /**
     * What the user asked for. {@code biasCorrection}: keep each quantized tensor's channel means, so that the build
     * corrects the convolution biases for the weights' rounding ({@link WeightQuantization#correctedBias}); off by
     * default, as it helps some weights and hurts others (SRCNN's shipped x3: the held-out mean drop went from 0.45 to
     * 0.59 dB with it, visit 13; visit 12's candidate lost 1.13 dB without it, 0.00 with it, simulated).
     */
    public record Request(Path samples, CalibrationMethod method, double percentile, int maxSamples, Path scalesFile,
                          boolean biasCorrection) {}

    private Int8Calibration() {}

    public static ActivationScales scales(DefinedNetwork defined, String weightsSha256, Request r, PrintStream log) {
        if (r.samples() == null) {
            if (r.scalesFile() == null) throw new UserError("--int8 needs --calib DIR (calibration images or arrays) or --calib-cache FILE");
            if (!Files.isRegularFile(r.scalesFile())) throw new UserError(r.scalesFile() + ": scales file not found (and no --calib DIR to make it)");
            ActivationScales given = ActivationScales.read(r.scalesFile());
            if (r.biasCorrection() && given.channelMeans().isEmpty())
                throw new UserError(r.scalesFile() + ": no channel means for the bias correction (calibrate with --calib DIR and --int8-bias-correction)");
            log.println("INT8 scales from " + r.scalesFile() + " (" + given.method() + ", " + given.samples() + " samples)");
            return r.biasCorrection() ? given : given.withoutChannelMeans();
        }
        List<Path> files = CalibrationSamples.files(r.samples(), r.maxSamples());
        String key = key(defined, weightsSha256, r, files);
        Path file = r.scalesFile() != null ? r.scalesFile()
                : EngineCache.defaultRoot().resolve("scales").resolve(defined.network().name() + "-" + key + ".json");
        if (Files.isRegularFile(file)) {
            ActivationScales cached = ActivationScales.read(file);
            if (key.equals(cached.key())) {
                log.println("INT8 scales cached in " + file);
                return cached;
            }
            log.println("INT8 scales in " + file + " are for other samples, weights or method: calibrating again");
        }
        ActivationScales calibrated = Calibrator.calibrate(defined.network(), CalibrationSamples.of(files, defined), r.method(), r.percentile(),
                key, log);
        ActivationScales scales = r.biasCorrection() ? calibrated : calibrated.withoutChannelMeans();
        scales.write(file);
        log.println("INT8 scales of " + scales.amax().size() + " tensors (" + scales.method() + ", " + files.size() + " samples) written to " + file);
        return scales;
    }

    /** Part of every key: raised when a method's thresholds change (2: entropy's zero bin), so older scales files are recomputed. */
    static final int THRESHOLD_RULES = 2;

    static String key(DefinedNetwork defined, String weightsSha256, Request r, List<Path> files) {
        // the bias correction needs channel means, which a file calibrated without it lacks
        StringBuilder b = new StringBuilder("rules " + THRESHOLD_RULES + "\n").append(defined.network().name()).append(r.biasCorrection() ? " channel means\n" : "\n").append(new TreeMap<>(defined.options().asMap()))
                .append('\n').append(weightsSha256).append('\n').append(r.method()).append(' ').append(r.percentile()).append('\n');
        try {
            for (Path f : files) b.append(f.getFileName()).append(' ').append(Files.size(f)).append('\n');
        } catch (IOException e) {
            throw UserError.cannotRead(r.samples(), e);
        }
        return EngineFiles.sha256(b.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }
}
