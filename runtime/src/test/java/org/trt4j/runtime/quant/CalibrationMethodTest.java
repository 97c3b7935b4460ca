package org.trt4j.runtime.quant;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Thresholds from histograms: exact for max, the known quantile for a percentile, a clipped tail for entropy. */
class CalibrationMethodTest {

    private static AbsHistogram gaussian(int n, long seed, int batches) {
        Random r = new Random(seed);
        AbsHistogram h = new AbsHistogram();
        for (int b = 0; b < batches; b++) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
            h.add(x);
        }
        return h;
    }

    @Test void maxIsTheLargestMagnitudeSeen() {
        AbsHistogram h = new AbsHistogram();
        h.add(new float[]{0.5f, -2f, 1f});
        h.add(new float[]{-7.25f, 3f});
        assertEquals(7.25, CalibrationMethod.MAX.amax(h, 0), 0);
        assertEquals(5, h.total());
    }

    @Test void growingRangeKeepsEveryCount() {
        AbsHistogram h = new AbsHistogram(256);
        h.add(new float[]{0.1f, 0.2f, 0.9f});
        h.add(new float[]{3.5f, -10f});
        long sum = 0;
        for (long c : h.counts()) sum += c;
        assertEquals(5, sum);
        assertTrue(h.binWidth() * h.bins() > 10, "the range grew past the new maximum");
        // the first three are still below the first tenth of the range
        long low = 0;
        for (int i = 0; i < h.bins() / 10; i++) low += h.counts()[i];
        assertEquals(3, low);
    }

    @Test void percentileOfAGaussianIsItsQuantile() {
        AbsHistogram h = gaussian(200_000, 1, 5);
        // P(|x| <= 2.576) = 0.99 for a standard normal
        assertEquals(2.576, CalibrationMethod.PERCENTILE.amax(h, 99.0), 0.03);
        assertEquals(3.29, CalibrationMethod.PERCENTILE.amax(h, 99.9), 0.06);
        assertThrows(UserError.class, () -> CalibrationMethod.PERCENTILE.amax(h, 101));
    }

    @Test void entropyClipsTheTailOfAGaussianButKeepsItsBody() {
        AbsHistogram h = gaussian(200_000, 2, 5);
        double max = CalibrationMethod.MAX.amax(h, 0), entropy = CalibrationMethod.ENTROPY.amax(h, 0);
        assertTrue(entropy < 0.9 * max, "entropy " + entropy + " should clip below the max " + max);
        assertTrue(entropy > 2.0, "entropy " + entropy + " should keep the bulk (|x| < 2 holds 95%)");
    }

    @Test void entropyIsNotPulledToTheSmallestCandidateByTheZerosOfAReLU() {
        // a ReLU of a unit Gaussian: half the values exactly zero, the rest |N(0, 1)|; with the zero bin counted as it is,
        // the threshold fell to 1.92 (5 % of the positive values clipped)
        java.util.Random random = new java.util.Random(11);
        float[] v = new float[400_000];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.max(0, random.nextGaussian());
        AbsHistogram h = new AbsHistogram();
        h.add(v);
        double max = CalibrationMethod.MAX.amax(h, 0), entropy = CalibrationMethod.ENTROPY.amax(h, 0);
        assertTrue(entropy > 3.0, "entropy " + entropy + " clips the body of the distribution (max " + max + ")");
        assertTrue(entropy < max, "entropy " + entropy + " should still clip the far tail (max " + max + ")");
    }

    @Test void entropyOfAUniformKeepsAlmostAll() {
        Random r = new Random(3);
        AbsHistogram h = new AbsHistogram();
        float[] x = new float[500_000];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
        h.add(x);
        assertEquals(1.0, CalibrationMethod.ENTROPY.amax(h, 0), 0.05);
    }

    @Test void methodsParseByName() {
        assertEquals(CalibrationMethod.ENTROPY, CalibrationMethod.parse("Entropy"));
        UserError e = assertThrows(UserError.class, () -> CalibrationMethod.parse("kl"));
        assertTrue(e.getMessage().contains("entropy, percentile or max"));
    }
}
