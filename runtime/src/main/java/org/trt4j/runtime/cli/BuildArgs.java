package org.trt4j.runtime.cli;

import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.Options;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.quant.CalibrationMethod;
import org.trt4j.runtime.quant.Int8Calibration;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Compatibility;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.ShapeRange;
import org.trt4j.runtime.trt.TensorRt;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Options shared by the commands that build engines (build, run --backend tensorrt, bench NETWORK). */
public final class BuildArgs {
    @Option(names = "--fp16", description = "allow FP16 kernels (TF32 allowed for the rest)")
    boolean fp16;

    @Option(names = "--tf32", description = "allow TF32 tensor-core math (default: strict FP32, TF32 off)")
    boolean tf32;

    @Option(names = "--int8", description = "INT8 by explicit quantization (Q/DQ on every calibrated convolution), FP16 for the rest; "
            + "needs --calib DIR or --calib-cache FILE")
    boolean int8;

    @Option(names = "--calib", paramLabel = "DIR", description = "INT8 calibration samples: photos (the network's pre-processing), .npy or .npz files")
    Path calib;

    @Option(names = "--calib-method", paramLabel = "M", description = "entropy, percentile or max (default: the network's, entropy for most)")
    String calibMethod;

    @Option(names = "--calib-percentile", paramLabel = "P", description = "percentile of |x| for --calib-method percentile (default 99.99)")
    double calibPercentile = 99.99;

    @Option(names = "--calib-count", paramLabel = "N", description = "at most N samples, in file-name order (default 32)")
    int calibCount = 32;

    @Option(names = "--int8-bias-correction", description = "correct each INT8 convolution's bias for the rounding of its weights, "
            + "from the input's channel means over the calibration samples (helps some weights, hurts others: measure)")
    boolean int8BiasCorrection;

    @Option(names = "--calib-cache", paramLabel = "FILE", description = "scales file: reused when it matches, else written (default: under the engine cache)")
    Path calibCache;

    @Option(names = "--shape", paramLabel = "NAME=DIMS", description = "fix an input's shape, e.g. image=1x3x256x256")
    List<String> shapes = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "NAME=MIN:OPT:MAX",
            description = "optimization profile of a dynamic input, e.g. image=1x3x64x64:1x3x256x256:1x3x512x512 (values for shape-tensor inputs)")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "network option (see the network's description)")
    List<String> options = new ArrayList<>();

    @Option(names = "--timing-cache", paramLabel = "FILE", description = "load tactic timings from FILE if present, save them after the build")
    Path timingCache;

    @Option(names = "--workspace", paramLabel = "MB", description = "workspace memory limit in MiB (default: TensorRT's)")
    long workspaceMiB;

    @Option(names = "--opt-level", paramLabel = "N", description = "builder optimization level 0..5 (default 3)")
    int optimizationLevel = -1;

    @Option(names = "--verbose", description = "print TensorRT's verbose build log")
    boolean verbose;

    @Option(names = "--version-compatible", description = "embed TensorRT's lean runtime so later TensorRT 10.x releases load the plan too")
    boolean versionCompatible;

    @Option(names = "--exclude-lean-runtime", description = "with --version-compatible: leave the lean runtime out of the plan "
            + "(smaller; needs no libnvinfer_lean to build); loading then takes -Dtrt4j.leanRuntime=PATH or TRT4J_LEAN_RUNTIME=PATH")
    boolean excludeLeanRuntime;

    @Option(names = "--hardware-compatibility", paramLabel = "LEVEL",
            description = "none (default: this GPU's compute capability only) or ampere+ (every GPU of compute capability 8.0 and up)")
    String hardwareCompatibility = "none";

    Compatibility compatibility() {
        return switch (hardwareCompatibility.toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> new Compatibility(versionCompatible, excludeLeanRuntime, false);
            case "ampere+", "ampere_plus", "ampere-plus" -> new Compatibility(versionCompatible, excludeLeanRuntime, true);
            default -> throw new UserError("--hardware-compatibility " + hardwareCompatibility + ": expected none or ampere+");
        };
    }

    Precision precision() {
        if ((fp16 ? 1 : 0) + (tf32 ? 1 : 0) + (int8 ? 1 : 0) > 1) throw new UserError("give at most one of --fp16, --tf32 and --int8");
        return fp16 ? Precision.FP16 : tf32 ? Precision.TF32 : Precision.FP32;
    }

    Map<String, Shape> shapeMap() {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (var e : assignments(shapes, "--shape").entrySet()) {
            try {
                m.put(e.getKey(), Shape.parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new UserError("--shape " + e.getKey() + "=" + e.getValue() + ": " + ex.getMessage());
            }
        }
        return m;
    }

    Map<String, ShapeRange> profileMap() {
        Map<String, ShapeRange> m = new LinkedHashMap<>();
        for (var e : assignments(profiles, "--profile").entrySet()) m.put(e.getKey(), ShapeRange.parse(e.getValue()));
        return m;
    }

    Map<String, String> networkOptions() { return Options.parseAssignments(options); }

    /** Build options for a defined network: its profiles, and with --int8 its activation scales (calibrating if needed). */
    BuildOptions buildOptions(DefinedNetwork defined, String weightsSha256) { return buildOptions(defined, weightsSha256, true); }

    /** @param forTensorRt whether an engine is to be built from them (then TensorRT must be here before calibrating) */
    BuildOptions buildOptions(DefinedNetwork defined, String weightsSha256, boolean forTensorRt) {
        BuildOptions o = buildOptions(defined.profiles());
        if (!int8) {
            if (calib != null || calibCache != null || int8BiasCorrection)
                throw new UserError("--calib, --calib-cache and --int8-bias-correction need --int8");
            return o;
        }
        if (forTensorRt) TensorRt.require(); // calibrating takes a while: not for an engine that cannot be built here
        var request = new Int8Calibration.Request(calib,
                calibMethod == null ? defined.factory().calibrationMethod() : CalibrationMethod.parse(calibMethod), calibPercentile, calibCount, calibCache,
                int8BiasCorrection);
        return o.withInt8(Int8Calibration.scales(defined, weightsSha256, request, System.err));
    }

    /** Build options with these flags (INT8 aside: it needs the network); profiles start from {@code defaults}. */
    BuildOptions buildOptions(Map<String, ShapeRange> defaults) {
        BuildOptions o = BuildOptions.defaults().withPrecision(precision()).withWorkspaceBytes(workspaceMiB * 1024 * 1024)
                .withTimingCache(timingCache).withOptimizationLevel(optimizationLevel).withVerbose(verbose)
                .withCompatibility(compatibility());
        return o.withProfiles(defaults).withProfiles(profileMap());
    }

    static Map<String, String> assignments(List<String> items, String flag) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : items) {
            int eq = a.indexOf('=');
            if (eq <= 0 || eq == a.length() - 1) throw new UserError(flag + " " + a + ": expected NAME=VALUE");
            m.put(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
        }
        return m;
    }
}
