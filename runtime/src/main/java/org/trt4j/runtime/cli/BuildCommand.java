package org.trt4j.runtime.cli;

import org.trt4j.io.OutputFile;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.run.EngineCache;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.EnginePlan;
import org.trt4j.runtime.trt.EngineTensor;
import org.trt4j.runtime.trt.TensorRt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** trt4j build NETWORK --weights W.wts --out E.engine: the engine plan plus its .engine.json sidecar. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build a TensorRT engine for a network from its weights: E.engine (raw plan, loadable by trtexec) + E.engine.json.")
public final class BuildCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NETWORK", description = "registered network name")
    String network;

    @Option(names = "--weights", required = true, paramLabel = "W.wts", description = "weights (.wts, .pth, .safetensors)")
    Path weights;

    @Option(names = "--out", required = true, paramLabel = "E.engine", description = "engine file to write")
    Path out;

    @Mixin BuildArgs build = new BuildArgs();

    @Override public Integer call() throws Exception {
        OutputFile.checkWritable(out); // before the build: a bad --out fails in a moment, not after minutes
        OutputFile.checkWritable(EngineFiles.sidecarOf(out));
        TensorRt.require(); // before reading possibly large weights
        DefinedNetwork defined = DefinedNetworks.define(network, weights, build);
        String sha256 = EngineFiles.sha256(weights);
        EnginePlan plan = EngineCache.build(defined, sha256, weights, build.buildOptions(defined, sha256), System.err);
        plan.write(out);
        System.out.printf("wrote %s (%.1f MiB) and %s%n", out, plan.bytes().length / 1048576.0, EngineFiles.sidecarOf(out).getFileName());
        for (EngineTensor t : plan.info().inputs()) System.out.println("  input  " + t.describe());
        for (EngineTensor t : plan.info().outputs()) System.out.println("  output " + t.describe());
        System.out.println("  TensorRT " + plan.info().tensorrtVersion() + " on " + plan.info().gpuName()
                + " (compute " + plan.info().computeCapability() + "), " + plan.info().precision());
        return 0;
    }
}
