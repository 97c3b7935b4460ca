package org.trt4j.cli;

import org.trt4j.error.Excerpts;
import org.trt4j.error.UserError;
import org.trt4j.networks.fcn.SegmentCommand;
import org.trt4j.networks.rvm.MatteCommand;
import org.trt4j.networks.srcnn.UpscaleCommand;
import org.trt4j.networks.yolov3.DetectCommand;
import org.trt4j.runtime.cli.BenchCommand;
import org.trt4j.runtime.cli.BuildCommand;
import org.trt4j.runtime.cli.CheckCommand;
import org.trt4j.runtime.cli.ExportTritonCommand;
import org.trt4j.runtime.cli.InspectCommand;
import org.trt4j.runtime.cli.RunCommand;
import org.trt4j.weights.cli.WeightsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Arrays;

/** The trt4j command line: one subcommand per job. */
@Command(name = "trt4j", mixinStandardHelpOptions = true, version = "trt4j 0.1.0",
        description = "Build TensorRT engines layer by layer from .wts weights, inspect them, run them.",
        subcommands = {
                UpscaleCommand.class,
                DetectCommand.class,
                SegmentCommand.class,
                MatteCommand.class,
                org.trt4j.networks.mvs.DepthCommand.class,
                BuildCommand.class,
                RunCommand.class,
                InspectCommand.class,
                BenchCommand.class,
                CheckCommand.class,
                ExportTritonCommand.class,
                WeightsCommand.class,
        })
public final class Main implements Runnable {
    /** The exit code of every error: bad input, a missing native library, anything a command could not do. */
    public static final int ERROR_EXIT = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    // build, run and bench take --verbose after the command too (their TensorRT log); either place shows traces
    @Option(names = "--verbose", description = "on an error, print the Java stack trace too")
    boolean verbose;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.err, true)));
    }

    /** Runs the command line; every error is one line on err and exit code 2 (with the stack trace under --verbose). */
    public static int execute(String[] args, PrintWriter err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        try {
            return new CommandLine(new Main())
                    .setErr(err)
                    .setExecutionExceptionHandler((e, cl, parsed) -> report(e, verbose, err))
                    .execute(args);
        } catch (LinkageError | OutOfMemoryError | StackOverflowError e) {
            return report(e, verbose, err); // Errors pass by picocli's handler, which takes Exceptions
        }
    }

    static int report(Throwable e, boolean verbose, PrintWriter err) {
        if (verbose) e.printStackTrace(err);
        err.println("trt4j: error: " + describe(e) + (verbose || e instanceof UserError ? "" : " (--verbose shows the stack trace)"));
        err.flush();
        return ERROR_EXIT;
    }

    /** The message for the user: a UserError's own, otherwise what failed said in one line. */
    static String describe(Throwable e) {
        if (e instanceof UserError) return e.getMessage();
        if (e instanceof LinkageError)
            return "a native library cannot be loaded (" + firstLine(rootCause(e)) + "); TensorRT commands need the "
                    + "TensorRT 10.6 and CUDA 12 libraries on LD_LIBRARY_PATH, --backend cpu runs without them";
        if (e instanceof OutOfMemoryError)
            return "out of Java memory (" + e.getMessage() + "); give the JVM more with TRT4J_JAVA_OPTS=-Xmx8g, or a smaller input";
        return firstLine(e);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        String line = m.lines().findFirst().orElse("");
        return (e instanceof java.io.IOException || e instanceof IllegalArgumentException ? "" : e.getClass().getSimpleName() + ": ")
                + Excerpts.quote(line, 300);
    }
}
