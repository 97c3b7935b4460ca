package org.trt4j.runtime.trt;

import org.trt4j.error.UserError;
import org.trt4j.runtime.quant.ActivationScales;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to build an engine: precision, workspace limit, optimization profiles, timing cache, builder optimization
 * level, and how chatty the build is. Immutable; start from {@link #defaults()} and use the {@code with...} methods.
 *
 * @param workspaceBytes     workspace memory-pool limit; 0 keeps TensorRT's default (the GPU's memory)
 * @param shapeProfiles      min/opt/max dimensions per dynamic input
 * @param valueProfiles      min/opt/max values per shape-tensor input
 * @param timingCache        file to load tactic timings from (if present) and save them to after the build; null for none
 * @param optimizationLevel  builder optimization level 0..5; -1 keeps TensorRT's default (3)
 * @param verbose            echo TensorRT's verbose messages
 * @param progress           print elapsed time and the builder's messages on stderr while building
 * @param compatibility      versions and GPUs the plan must also run on
 * @param int8Scales         activation thresholds for {@link Precision#INT8} (explicit quantization), else null
 */
public record BuildOptions(Precision precision, long workspaceBytes, Map<String, ShapeRange> shapeProfiles,
                           Map<String, ShapeRange> valueProfiles, Path timingCache, int optimizationLevel,
                           boolean verbose, boolean progress, Compatibility compatibility, ActivationScales int8Scales) {

    public BuildOptions {
        if (precision == null) throw new UserError("precision must be given (FP32, TF32, FP16 or INT8)");
        if (precision == Precision.INT8 && int8Scales == null)
            throw new UserError("INT8 needs activation scales: calibrate with --calib DIR (or give a scales file with --calib-cache)");
        if (workspaceBytes < 0) throw new UserError("workspace limit must not be negative, got " + workspaceBytes);
        if (optimizationLevel < -1 || optimizationLevel > 5)
            throw new UserError("builder optimization level must be 0..5, got " + optimizationLevel);
        shapeProfiles = Map.copyOf(shapeProfiles);
        valueProfiles = Map.copyOf(valueProfiles);
        if (compatibility == null) compatibility = Compatibility.NONE;
    }

    /** FP32 (TF32 off), TensorRT's default workspace and optimization level, no profiles, progress on. */
    public static BuildOptions defaults() {
        return new BuildOptions(Precision.FP32, 0, Map.of(), Map.of(), null, -1, false, true, Compatibility.NONE, null);
    }

    /** Another precision; the INT8 scales stay only for INT8. */
    public BuildOptions withPrecision(Precision p) {
        return new BuildOptions(p, workspaceBytes, shapeProfiles, valueProfiles, timingCache, optimizationLevel, verbose, progress, compatibility,
                p == Precision.INT8 ? int8Scales : null);
    }

    public BuildOptions withWorkspaceBytes(long bytes) {
        return new BuildOptions(precision, bytes, shapeProfiles, valueProfiles, timingCache, optimizationLevel, verbose, progress, compatibility, int8Scales);
    }

    /** Adds (or replaces) the shape range of a dynamic input. */
    public BuildOptions withProfile(String input, ShapeRange range) {
        Map<String, ShapeRange> m = new LinkedHashMap<>(shapeProfiles);
        m.put(input, range);
        return new BuildOptions(precision, workspaceBytes, m, valueProfiles, timingCache, optimizationLevel, verbose, progress, compatibility, int8Scales);
    }

    /** Adds (or replaces) the shape ranges of these dynamic inputs (e.g. a defined network's declared profiles). */
    public BuildOptions withProfiles(Map<String, ShapeRange> ranges) {
        Map<String, ShapeRange> m = new LinkedHashMap<>(shapeProfiles);
        m.putAll(ranges);
        return new BuildOptions(precision, workspaceBytes, m, valueProfiles, timingCache, optimizationLevel, verbose, progress, compatibility, int8Scales);
    }

    /** Adds (or replaces) the value range of a shape-tensor input. */
    public BuildOptions withValueProfile(String input, ShapeRange values) {
        Map<String, ShapeRange> m = new LinkedHashMap<>(valueProfiles);
        m.put(input, values);
        return new BuildOptions(precision, workspaceBytes, shapeProfiles, m, timingCache, optimizationLevel, verbose, progress, compatibility, int8Scales);
    }

    public BuildOptions withTimingCache(Path file) {
        return new BuildOptions(precision, workspaceBytes, shapeProfiles, valueProfiles, file, optimizationLevel, verbose, progress, compatibility, int8Scales);
    }

    public BuildOptions withOptimizationLevel(int level) {
        return new BuildOptions(precision, workspaceBytes, shapeProfiles, valueProfiles, timingCache, level, verbose, progress, compatibility, int8Scales);
    }

    public BuildOptions withVerbose(boolean v) {
        return new BuildOptions(precision, workspaceBytes, shapeProfiles, valueProfiles, timingCache, optimizationLevel, v, progress, compatibility, int8Scales);
    }

    public BuildOptions withProgress(boolean p) {
        return new BuildOptions(precision, workspaceBytes, shapeProfiles, valueProfiles, timingCache, optimizationLevel, verbose, p, compatibility, int8Scales);
    }

    public BuildOptions withCompatibility(Compatibility c) {
        return new BuildOptions(precision, workspaceBytes, shapeProfiles, valueProfiles, timingCache, optimizationLevel, verbose, progress, c, int8Scales);
    }

    /** INT8 with these activation thresholds (see {@link org.trt4j.runtime.quant.Calibrator}). */
    public BuildOptions withInt8(ActivationScales scales) {
        return new BuildOptions(Precision.INT8, workspaceBytes, shapeProfiles, valueProfiles, timingCache, optimizationLevel, verbose, progress,
                compatibility, scales);
    }

    /** The options as text, for the sidecar and reports (profiles in CLI syntax). */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("precision", precision.name());
        m.put("workspace", workspaceBytes == 0 ? "default" : workspaceBytes + " bytes");
        m.put("optimizationLevel", optimizationLevel < 0 ? "default" : String.valueOf(optimizationLevel));
        new TreeMap<>(shapeProfiles).forEach((k, v) -> m.put("profile." + k, v.toString()));
        new TreeMap<>(valueProfiles).forEach((k, v) -> m.put("values." + k, v.toString()));
        if (timingCache != null) m.put("timingCache", timingCache.toString());
        m.putAll(compatibility.describe());
        if (int8Scales != null) {
            m.put("int8.calibration", int8Scales.method() + ", " + int8Scales.samples() + " samples");
            m.put("int8.scales", int8Scales.digest());
            m.put("int8.biasCorrection", String.valueOf(!int8Scales.channelMeans().isEmpty()));
            m.put("int8.placement", org.trt4j.runtime.quant.Int8Placement.RULES);
        }
        return m;
    }
}
