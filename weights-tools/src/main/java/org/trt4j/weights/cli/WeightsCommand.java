package org.trt4j.weights.cli;

import picocli.CommandLine.Command;

/** {@code trt4j weights}: inspect, convert and compare weight files. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Inspect, convert and compare weight files (.wts, .pth, .safetensors, Darknet .weights).",
        subcommands = {})
public final class WeightsCommand {
}
