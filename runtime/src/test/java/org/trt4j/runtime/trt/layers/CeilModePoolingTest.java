package org.trt4j.runtime.trt.layers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The plan, applied with TensorRT's output-size formulas, gives PyTorch's ceil-mode size for every small case. */
class CeilModePoolingTest {

    /** PyTorch's ceil-mode pooling output size (aten pooling_output_shape, dilation 1). */
    static int pytorch(int in, int k, int s, int pre, int post) {
        int out = Math.floorDiv(in + pre + post - k + s - 1, s) + 1;
        if ((out - 1) * s >= in + pre) out--;
        return out;
    }

    /** TensorRT's explicit-padding output size. */
    static int tensorRt(int in, int k, int s, int pre, int post, boolean roundUp) {
        int span = in + pre + post - k;
        return (roundUp ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
    }

    private static int[] a(int v) { return new int[] {v}; }

    @Test void staticDimsGiveExactlyPyTorchsSize() {
        int checked = 0;
        for (int k = 1; k <= 6; k++)
            for (int s = 1; s <= 6; s++)
                for (int p = 0; p <= k / 2; p++)
                    for (int in = k; in <= 24; in++) {
                        int want = pytorch(in, k, s, p, p);
                        // padding applied by TensorRT
                        CeilModePooling.Plan plan = CeilModePooling.plan(a(in), a(want), a(k), a(s), a(p), a(p), a(p));
                        assertFalse(plan.roundUp());
                        assertTrue(plan.postPadding()[0] >= 0);
                        assertEquals(want, tensorRt(in, k, s, p, plan.postPadding()[0], false), "in " + in + " k " + k + " s " + s + " p " + p);
                        // padding applied beforehand as zeros (average pooling counting padding)
                        int padded = in + 2 * p;
                        CeilModePooling.Plan explicit = CeilModePooling.plan(a(padded), a(want), a(k), a(s), a(0), a(0), a(p));
                        assertEquals(want, tensorRt(padded, k, s, 0, explicit.postPadding()[0], false), "explicit: in " + in + " k " + k + " s " + s + " p " + p);
                        checked++;
                    }
        assertTrue(checked > 1000);
    }

    @Test void dynamicDimsRoundUpWhereThatIsExactForEverySize() {
        for (int k = 1; k <= 6; k++)
            for (int s = 1; s <= 6; s++)
                for (int p = 0; p <= k / 2; p++) {
                    if (s + p > k) {
                        int kk = k, ss = s, pp = p;
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                () -> CeilModePooling.plan(a(-1), a(-1), a(kk), a(ss), a(pp), a(pp), a(pp)));
                        assertTrue(e.getMessage().contains("dynamic dimension"), e.getMessage());
                        continue;
                    }
                    CeilModePooling.Plan plan = CeilModePooling.plan(a(-1), a(-1), a(k), a(s), a(p), a(p), a(p));
                    assertTrue(plan.roundUp());
                    CeilModePooling.Plan explicit = CeilModePooling.plan(a(-1), a(-1), a(k), a(s), a(0), a(0), a(p));
                    for (int in = k; in <= 40; in++) {
                        int want = pytorch(in, k, s, p, p);
                        assertEquals(want, tensorRt(in, k, s, p, plan.postPadding()[0], true), "in " + in + " k " + k + " s " + s + " p " + p);
                        assertEquals(want, tensorRt(in + 2 * p, k, s, 0, explicit.postPadding()[0], true), "explicit: in " + in);
                    }
                }
    }

    @Test void mixedDimsWithAStaticDimRoundUpCannotMatchAreRefused() {
        // static dim: in 5, k 3, s 3, p 1 -> PyTorch 2 windows, while round-up without end padding gives 3
        int want = pytorch(5, 3, 3, 1, 1);
        assertEquals(2, want);
        assertThrows(IllegalArgumentException.class,
                () -> CeilModePooling.plan(new int[] {7, -1}, new int[] {want, -1}, new int[] {3, 3}, new int[] {3, 2},
                        new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1}));
    }
}
