package org.trt4j.runtime.cpu.kernels;

/** erf, which java.lang.Math lacks, to double precision. */
final class SpecialFunctions {
    private SpecialFunctions() {}

    /** erf(x) = P(1/2, x^2) (regularized lower incomplete gamma), by its series for small x^2, else its continued fraction. */
    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax > 6.0) return Math.signum(x);
        double z = ax * ax;
        double p = z < 1.5 ? gammaSeries(z) : 1.0 - gammaContinuedFraction(z);
        return x < 0 ? -p : p;
    }

    private static final double LOG_GAMMA_HALF = 0.5 * Math.log(Math.PI);

    /** P(1/2, z) by its power series. */
    private static double gammaSeries(double z) {
        if (z == 0) return 0;
        double a = 0.5, ap = a, sum = 1.0 / a, del = sum;
        for (int n = 0; n < 200; n++) {
            ap += 1;
            del *= z / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
        }
        return sum * Math.exp(-z + a * Math.log(z) - LOG_GAMMA_HALF);
    }

    /** Q(1/2, z) = 1 - P(1/2, z) by Lentz's continued fraction. */
    private static double gammaContinuedFraction(double z) {
        double a = 0.5, tiny = 1e-300;
        double b = z + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < 300; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) break;
        }
        return Math.exp(-z + a * Math.log(z) - LOG_GAMMA_HALF) * h;
    }
}
