package org.trt4j.weights.bench;

import org.trt4j.weights.WeightMap;
import org.trt4j.weights.wts.WtsReader;
import org.trt4j.weights.wts.WtsWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * .wts load throughput: writes a synthetic file of YOLOv3's size (62M parameters, ~560 MB of text) to a temporary
 * file, loads it several times on the calling thread, prints each time and the median MB/s. Also {@code trt4j
 * weights bench}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure .wts load throughput on a synthetic file (median MB/s over several loads).")
public final class WtsLoadBenchmark implements Callable<Integer> {
    @Option(names = "--params", description = "parameters in the synthetic file (default: ${DEFAULT-VALUE}, YOLOv3)")
    long params = 62_000_000;

    @Option(names = "--runs", description = "timed loads (default: ${DEFAULT-VALUE})")
    int runs = 5;

    @Option(names = "--dir", description = "where the temporary file goes (default: the system temp directory)")
    Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WtsLoadBenchmark()).execute(args));
    }

    @Override public Integer call() throws Exception {
        Path file = dir == null ? Files.createTempFile("trt4j-bench", ".wts") : Files.createTempFile(dir, "trt4j-bench", ".wts");
        try {
            WtsWriter.write(synthetic(params), file);
            long bytes = Files.size(file);
            System.out.printf("file: %s, %d parameters, %.1f MB%n", file, params, bytes / 1e6);
            WtsReader.read(file); // warm-up: JIT and page cache
            double[] rates = new double[runs], cpuRates = new double[runs];
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < runs; i++) {
                long c0 = threads.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                WeightMap m = WtsReader.read(file);
                double s = (System.nanoTime() - t0) / 1e9, cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
                if (m.totalParameters() != params) throw new IllegalStateException("loaded " + m.totalParameters() + " parameters");
                rates[i] = bytes / 1e6 / s;
                cpuRates[i] = bytes / 1e6 / cpu;
                System.out.printf("load %d: %.3f s wall (%.0f MB/s), %.3f s CPU of the loading thread (%.0f MB/s)%n",
                        i + 1, s, rates[i], cpu, cpuRates[i]);
            }
            Arrays.sort(rates);
            Arrays.sort(cpuRates);
            System.out.printf("median: %.0f MB/s wall, %.0f MB/s per CPU-second (%d loads, one thread)%n",
                    rates[runs / 2], cpuRates[runs / 2], runs);
            return 0;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Tensors of conv-like sizes, normally distributed values (typical weights), about 366 of them for 62M. */
    static WeightMap synthetic(long params) {
        WeightMap.Builder b = WeightMap.builder("synthetic");
        SplittableRandom r = new SplittableRandom(42);
        int[] sizes = {1024 * 512 * 9, 512, 256 * 128 * 9, 256, 1024 * 512, 1024};
        long left = params;
        for (int i = 0; left > 0; i++) {
            int n = (int) Math.min(left, sizes[i % sizes.length]);
            float[] v = new float[n];
            for (int k = 0; k < n; k++) v[k] = (float) (gaussian(r) * 0.05);
            b.put("layer" + i + (n < 2048 ? ".bias" : ".weight"), v);
            left -= n;
        }
        return b.build();
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
