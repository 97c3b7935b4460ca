package org.trt4j.runtime.quant;

/**
 * Histogram of |x| over [0, range) in a fixed number of bins, for activation calibration. The range starts at the
 * first batch's maximum and doubles (merging neighbouring bins) when a later value exceeds it, so one pass over the
 * calibration images suffices and earlier counts are kept, at half the resolution per doubling.
 */
public final class AbsHistogram {
    public static final int DEFAULT_BINS = 2048;

    private final long[] counts;
    private double range; // 0 until a non-zero value arrives
    private double amax;
    private long total;

    public AbsHistogram(int bins) {
        if (bins < 128 || bins % 2 != 0) throw new IllegalArgumentException("bins must be even and >= 128, got " + bins);
        counts = new long[bins];
    }

    public AbsHistogram() { this(DEFAULT_BINS); }

    public void add(float[] values) {
        double max = 0;
        for (float v : values) {
            double a = Math.abs(v);
            if (a > max) max = a;
        }
        if (Double.isNaN(max) || Double.isInfinite(max)) throw new IllegalArgumentException("calibration activations hold NaN or infinity");
        if (max > amax) amax = max;
        if (range == 0 && max > 0) range = max * (1 + 1e-6);
        while (range > 0 && max >= range) doubleRange();
        int bins = counts.length;
        for (float v : values) {
            double a = Math.abs(v);
            int i = range == 0 ? 0 : (int) (a / range * bins);
            counts[Math.min(i, bins - 1)]++;
        }
        total += values.length;
    }

    private void doubleRange() {
        int half = counts.length / 2;
        for (int i = 0; i < half; i++) counts[i] = counts[2 * i] + counts[2 * i + 1];
        java.util.Arrays.fill(counts, half, counts.length, 0);
        range *= 2;
    }

    public long[] counts() { return counts.clone(); }

    public int bins() { return counts.length; }

    public double binWidth() { return range / counts.length; }

    /** The largest |x| seen. */
    public double amax() { return amax; }

    public long total() { return total; }
}
