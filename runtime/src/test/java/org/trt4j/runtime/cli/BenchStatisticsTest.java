package org.trt4j.runtime.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The benchmark's statistics: nearest-rank percentiles (NaN samples ignored) and the mean. */
class BenchStatisticsTest {

    @Test void nearestRankPercentiles() {
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) v[i] = 100 - i; // 100 .. 1, unsorted on purpose
        assertEquals(50, BenchCommand.percentile(v, 50));
        assertEquals(99, BenchCommand.percentile(v, 99));
        assertEquals(100, BenchCommand.percentile(v, 100));
        assertEquals(1, BenchCommand.percentile(v, 0));
        assertEquals(50.5, BenchCommand.mean(v), 1e-12);
    }

    @Test void nanSamplesAreIgnored() {
        assertEquals(3, BenchCommand.percentile(new double[] {Double.NaN, 3, Double.NaN}, 50));
        assertTrue(Double.isNaN(BenchCommand.percentile(new double[] {Double.NaN}, 50)));
    }
}
