package org.trt4j.weights.cli;

import org.trt4j.weights.bench.WtsLoadBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code trt4j weights}: inspect, convert and compare weight files. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Inspect, convert and compare weight files (.wts, .pth, .safetensors, Darknet .weights).",
        subcommands = {InfoCommand.class, ConvertCommand.class, DiffCommand.class, WtsLoadBenchmark.class})
public final class WeightsCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }
}
