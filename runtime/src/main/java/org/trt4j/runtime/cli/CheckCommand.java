package org.trt4j.runtime.cli;

import org.trt4j.runtime.trt.Compatibility;
import org.trt4j.runtime.trt.EngineCheck;
import org.trt4j.runtime.trt.EngineInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * trt4j check --engine E: can this machine run E? One line per item (TensorRT release, GPU, plugin libraries, load),
 * exit 0 when it can, 1 when it cannot (2 stays "the command itself failed", e.g. no such file).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Say whether this machine (TensorRT version, GPU and compute capability, plugin libraries) can run an "
                + "engine, and why not. Exit code 0: it can; 1: it cannot.")
public final class CheckCommand implements Callable<Integer> {
    public static final int CANNOT_RUN_EXIT = 1;

    @Option(names = "--engine", required = true, paramLabel = "E.engine", description = "engine file (its .engine.json sidecar beside it)")
    Path engine;

    @Option(names = "--no-load", description = "compare the sidecar with this machine only; do not deserialize the plan")
    boolean noLoad;

    @Override public Integer call() {
        EngineCheck.Report report = EngineCheck.check(engine, !noLoad);
        EngineInfo s = report.sidecar();
        if (s != null) {
            Compatibility c = Compatibility.of(s.buildOptions());
            System.out.printf("%s: %s, %s, TensorRT %s, %s (compute %s)%s%s%n", engine, s.network() == null ? "network ?" : s.network(),
                    s.precision(), s.tensorrtVersion(), s.gpuName(), s.computeCapability(),
                    c.versionCompatible() ? ", version-compatible" : "", c.amperePlus() ? ", Ampere-plus" : "");
        }
        for (EngineCheck.Item item : report.items()) System.out.println("  " + item);
        if (report.runsHere()) {
            System.out.println("this machine can run " + engine);
            return 0;
        }
        System.out.println("this machine cannot run " + engine + ": " + report.firstProblem().detail());
        return CANNOT_RUN_EXIT;
    }
}
