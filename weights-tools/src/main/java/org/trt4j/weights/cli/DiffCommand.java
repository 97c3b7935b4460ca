package org.trt4j.weights.cli;

import org.trt4j.weights.WeightFiles;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code trt4j weights diff A B}: per tensor the max absolute and relative difference; exit 1 when a tensor is over
 * the tolerance ({@code |a-b| > atol + rtol·|b|}, as numpy.allclose), differs in count, or exists in one file only.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two weight files tensor by tensor (max abs/rel difference); exit 1 over the tolerance.")
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A") Path a;
    @Parameters(index = "1", paramLabel = "B") Path b;
    @Option(names = "--atol", description = "absolute tolerance (default: ${DEFAULT-VALUE})") double atol = 0;
    @Option(names = "--rtol", description = "relative tolerance (default: ${DEFAULT-VALUE})") double rtol = 0;
    @Option(names = "--all", description = "list every tensor, not only those that differ") boolean all;
    @Option(names = "--cfg", paramLabel = "CFG", description = "Darknet cfg for whichever input is a .weights file") Path cfg;

    /** Per-tensor comparison result. */
    record Result(double maxAbs, double maxRel, boolean within) {}

    @Override public Integer call() throws Exception {
        WeightMap ma = load(a), mb = load(b);
        int bad = 0;
        int width = Math.max(6, ma.names().stream().mapToInt(String::length).max().orElse(6));
        System.out.printf("%-" + width + "s %12s %12s %12s  %s%n", "tensor", "count", "max abs", "max rel", "");
        for (WeightTensor ta : ma.tensors()) {
            if (!mb.contains(ta.name())) {
                System.out.printf("%-" + width + "s %12d  only in %s%n", ta.name(), ta.count(), a);
                bad++;
                continue;
            }
            WeightTensor tb = mb.get(ta.name());
            if (ta.count() != tb.count()) {
                System.out.printf("%-" + width + "s  count %d in %s, %d in %s%n", ta.name(), ta.count(), a, tb.count(), b);
                bad++;
                continue;
            }
            Result r = compare(ta.floats(), tb.floats(), atol, rtol);
            if (!r.within()) bad++;
            if (all || !r.within())
                System.out.printf("%-" + width + "s %12d %12.4g %12.4g  %s%n", ta.name(), ta.count(), r.maxAbs(), r.maxRel(),
                        r.within() ? "ok" : "OVER");
        }
        for (String name : mb.names())
            if (!ma.contains(name)) {
                System.out.printf("%-" + width + "s %12d  only in %s%n", name, mb.get(name).count(), b);
                bad++;
            }
        System.out.printf("%d tensors in %s, %d in %s; %d differ (atol %g, rtol %g)%n", ma.size(), a, mb.size(), b, bad, atol, rtol);
        return bad == 0 ? 0 : 1;
    }

    private WeightMap load(Path file) throws java.io.IOException {
        boolean darknet = cfg != null && WeightFiles.detect(file, true) == WeightFiles.Format.DARKNET;
        return WeightFiles.load(file, darknet ? cfg : null, org.trt4j.weights.convert.ConvertOptions.DEFAULTS);
    }

    /** NaN equals NaN; a NaN against a number, or infinities of different sign, count as infinitely far. */
    static Result compare(FloatBuffer x, FloatBuffer y, double atol, double rtol) {
        double maxAbs = 0, maxRel = 0;
        boolean within = true;
        for (int i = 0; i < x.limit(); i++) {
            float p = x.get(i), q = y.get(i);
            if (Float.isNaN(p) && Float.isNaN(q)) continue;
            if (p == q) continue;
            double d = Math.abs((double) p - q);
            if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
            double rel = q == 0 ? Double.POSITIVE_INFINITY : d / Math.abs(q);
            maxAbs = Math.max(maxAbs, d);
            maxRel = Math.max(maxRel, rel);
            if (!(d <= atol + rtol * Math.abs(q))) within = false;
        }
        return new Result(maxAbs, maxRel, within);
    }
}
