package org.trt4j.runtime.trt;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Shows that a long engine build is alive: the builder's INFO messages with the elapsed time in front, and a
 * "still building" line every {@code interval} seconds when TensorRT is quiet. (The Java binding of TensorRT 10.6
 * cannot implement IProgressMonitor, so this follows the log instead.)
 */
final class BuildProgress implements AutoCloseable {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private final TrtLogger logger;
    private final int previousLevel;
    private final Consumer<String> previousListener;
    private volatile long lastLineNanos = startNanos;

    BuildProgress(String what, TrtLogger logger, boolean verbose, PrintStream out, int intervalSeconds) {
        this.out = out;
        this.logger = logger;
        out.println("trt4j: building " + what);
        previousLevel = logger.echoLevel(verbose ? TrtLogger.VERBOSE : TrtLogger.INFO);
        previousListener = logger.listener(this::line);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trt4j-build-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastLineNanos >= intervalSeconds * 1_000_000_000L) line("still building ...");
        }, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    double elapsedSeconds() { return (System.nanoTime() - startNanos) / 1e9; }

    private void line(String text) {
        lastLineNanos = System.nanoTime();
        out.printf("  [%6.1f s] %s%n", elapsedSeconds(), text);
    }

    @Override public void close() {
        ticker.shutdownNow();
        logger.listener(previousListener);
        logger.echoLevel(previousLevel);
    }
}
