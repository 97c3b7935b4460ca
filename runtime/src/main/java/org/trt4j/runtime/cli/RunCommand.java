package org.trt4j.runtime.cli;

import org.trt4j.io.OutputFile;
import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.InputSpec;
import org.trt4j.runtime.run.Backend;
import org.trt4j.runtime.run.Runner;
import org.trt4j.runtime.run.Runners;
import org.trt4j.runtime.run.TensorRtRunner;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.ExecutionSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** trt4j run: one inference through an engine file, or a network on the CPU reference or TensorRT. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one inference: an engine (--engine E), or NETWORK from --weights on the CPU reference (--backend cpu) or TensorRT (--backend tensorrt).")
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NETWORK", description = "registered network name (with --engine: checked against the engine's sidecar)")
    String network;

    @Option(names = "--engine", paramLabel = "E.engine", description = "engine file to run")
    Path engineFile;

    @Option(names = "--weights", paramLabel = "W.wts", description = "weights of NETWORK")
    Path weights;

    @Option(names = "--backend", defaultValue = "cpu", description = "auto, cpu or tensorrt (with --weights; default ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--input", paramLabel = "NAME=VALUE", description = "NAME=file.npy, NAME=random (default) or NAME=64,64 (integers)")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--seed", description = "seed of random inputs (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--output-npz", paramLabel = "FILE", description = "write every output to FILE (.npz)")
    Path outputNpz;

    @Mixin BuildArgs build = new BuildArgs();

    @Override public Integer call() throws Exception {
        if (outputNpz != null) OutputFile.checkWritable(outputNpz); // before the run, not after it
        InputValues values = new InputValues(inputs, seed);
        Map<String, HostTensor> outputs;
        if (engineFile != null) {
            if (weights != null) throw new UserError("give either --engine or --weights, not both");
            try (TensorRtRunner runner = Runners.openEngine(engineFile, Backend.TENSORRT, System.err)) {
                Engine engine = runner.engine();
                ExecutionSession session = runner.session();
                if (network != null && engine.info() != null && !network.equals(engine.info().network()))
                    throw new UserError(engineFile + " was built for network '" + engine.info().network() + "', not '" + network + "'");
                EngineInputs.feed(engine, session, values, build.shapeMap());
                session.run();
                outputs = session.outputs();
            }
        } else {
            DefinedNetwork defined = DefinedNetworks.define(network, weights, build);
            String sha256 = EngineFiles.sha256(weights);
            Backend chosen = Backend.parse(backend);
            try (Runner runner = Runners.open(defined, sha256, chosen,
                    build.buildOptions(defined, sha256, chosen.useTensorRt()), System.err)) {
                long t0;
                if (runner instanceof TensorRtRunner trt) {
                    EngineInputs.feed(trt.engine(), trt.session(), values, Map.of());
                    t0 = System.nanoTime();
                    trt.session().run();
                    outputs = trt.session().outputs();
                } else {
                    Map<String, HostTensor> in = declaredInputs(defined, values);
                    t0 = System.nanoTime();
                    outputs = runner.run(in);
                }
                // one cold inference (first-call costs included); `trt4j bench` gives steady-state figures
                System.err.printf("trt4j: the inference took %.1f ms on %s%n", (System.nanoTime() - t0) / 1e6, runner.describe());
            }
        }
        for (var e : outputs.entrySet()) System.out.println(summary(e.getKey(), e.getValue()));
        if (outputNpz != null) {
            NpzWriter.write(outputNpz, outputs);
            System.out.println("wrote " + outputNpz);
        }
        return 0;
    }

    /** The given (or random) values at each input's declared shape, its opt shape where dynamic. */
    static Map<String, HostTensor> declaredInputs(DefinedNetwork defined, InputValues values) {
        Map<String, HostTensor> in = new LinkedHashMap<>();
        values.checkNames(defined.inputs().stream().map(InputSpec::name).toList());
        for (InputSpec s : defined.inputs()) {
            Shape shape = s.shape().isStatic() ? s.shape() : s.opt();
            in.put(s.name(), values.tensor(s.name(), s.dtype(), s.shape().dims(), shape.dims()));
        }
        return in;
    }

    static String summary(String name, HostTensor t) {
        float[] v = t.asFloats();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
            sum += f;
        }
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < Math.min(6, v.length); i++) first.append(i == 0 ? "" : ", ").append(String.format("%.5g", v[i]));
        return String.format("%s: %s %s  min %.5g  max %.5g  mean %.5g  [%s%s]", name, t.dtype(), Shape.of(t.shape()),
                min, max, v.length == 0 ? 0 : sum / v.length, first, v.length > 6 ? ", ..." : "");
    }
}
