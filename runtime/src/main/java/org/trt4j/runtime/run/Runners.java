package org.trt4j.runtime.run;

import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.quant.Int8Simulation;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Cuda;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineInfo;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.TensorRt;

import java.io.PrintStream;
import java.nio.file.Path;

/** The one way from a defined network (or an engine file) to a {@link Runner}; each says on {@code log} what runs. */
public final class Runners {
    private Runners() {}

    /**
     * The CPU reference backend, or a TensorRT engine from the {@link EngineCache} (built on a miss), as
     * {@code backend} decides.
     *
     * @param weightsSha256 SHA-256 of the weights the network was defined with (part of the cache key)
     * @param build         precision and profiles of a TensorRT build (see {@link DefinedNetwork#profiles()}); on the CPU,
     *                      INT8 runs as {@link Int8Simulation} (the engine's rounding) and the rest in FP32
     */
    public static Runner open(DefinedNetwork defined, String weightsSha256, Backend backend, BuildOptions build, PrintStream log) {
        return open(defined, weightsSha256, backend, build, EngineCache.atDefaultRoot(), log);
    }

    public static Runner open(DefinedNetwork defined, String weightsSha256, Backend backend, BuildOptions build, EngineCache cache,
                              PrintStream log) {
        String name = defined.factory().name();
        if (!backend.useTensorRt()) {
            CpuRunner runner = build.precision() == Precision.INT8
                    ? new CpuRunner(defined.network(), new Int8Simulation(defined.network(), build.int8Scales()))
                    : new CpuRunner(defined.network());
            // FP32 answers where FP16 or TF32 was asked are closer, not wrong, but say so
            String precision = switch (build.precision()) {
                case FP32, INT8 -> "";
                case TF32, FP16 -> "; it computes in FP32, " + build.precision() + " applies to TensorRT engines";
            };
            log.printf("trt4j: running %s on %s (%s%s)%n", name, runner.describe(), backend.whyCpu(), precision);
            return runner;
        }
        Engine engine = cache.open(defined, weightsSha256, build, log);
        TensorRtRunner runner = new TensorRtRunner(engine, "TensorRT " + TensorRt.version() + ", " + build.precision() + ", "
                + Cuda.currentDevice().name() + " (engine " + engine.source() + ")");
        log.printf("trt4j: running %s on %s%n", name, runner.describe());
        return runner;
    }

    /** A TensorRT runner for an engine file ({@code --engine E}); {@code backend} must allow TensorRT. */
    public static TensorRtRunner openEngine(Path engineFile, Backend backend, PrintStream log) {
        // the file first: a missing or unreadable engine is named as such even where TensorRT cannot load
        byte[] plan = EngineFiles.readPlan(engineFile);
        EngineInfo sidecar = EngineFiles.readSidecar(engineFile);
        if (!backend.useTensorRt())
            throw new UserError("--engine " + engineFile + " needs TensorRT, which is "
                    + (backend == Backend.CPU ? "excluded by --backend cpu" : "not available here") + "; use --weights");
        TensorRtRunner runner = new TensorRtRunner(Engine.fromBytes(plan, sidecar, engineFile.toString()), "TensorRT engine " + engineFile);
        log.printf("trt4j: running %s%n", runner.describe());
        return runner;
    }
}
