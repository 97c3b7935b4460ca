package org.trt4j.cli;

import org.trt4j.error.UserError;
import org.trt4j.runtime.cli.InspectCommand;
import org.trt4j.weights.cli.WeightsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The trt4j command line: one subcommand per job. */
@Command(name = "trt4j", mixinStandardHelpOptions = true, version = "trt4j 0.1.0",
        description = "Build TensorRT engines layer by layer from .wts weights, inspect them, run them.",
        subcommands = {
                WeightsCommand.class,
                InspectCommand.class,
                org.trt4j.networks.yolov3.DetectCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main())
                .setExecutionExceptionHandler(Main::reportError)
                .execute(args);
        System.exit(code);
    }

    /** User errors (bad files, shapes, keys) print one line; anything else keeps its stack trace. */
    private static int reportError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof UserError || e instanceof java.io.IOException || e instanceof IllegalArgumentException) {
            cl.getErr().println("trt4j: " + e.getMessage());
            return 2;
        }
        e.printStackTrace(cl.getErr());
        return 1;
    }
}
