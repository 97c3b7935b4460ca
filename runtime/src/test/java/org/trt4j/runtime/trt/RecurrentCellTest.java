package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Map;

import static org.trt4j.runtime.trt.RecurrentCell.*;
import static org.junit.jupiter.api.Assertions.*;

/** The contraction that DeviceTensorGpuTest's tolerance relies on, checked on the CPU backend. */
class RecurrentCellTest {

    @Test void twoStatesApproachEachOtherByAtLeastTheContractionFactor() {
        Network net = RecurrentCell.network();
        CpuBackend cpu = new CpuBackend();
        HostTensor a = initialState(8);
        float[] shifted = a.floats().clone();
        for (int i = 0; i < shifted.length; i++) shifted[i] += (i % 3 == 0 ? 0.2f : -0.1f);
        HostTensor b = HostTensor.of(shifted, a.shape());
        float gap = maxAbsDiff(a, b);
        for (int step = 0; step < 20; step++) {
            HostTensor x = frame(step, 8);
            a = cpu.run(net, Map.of(X, x, STATE_IN, a)).get(STATE_OUT);
            b = cpu.run(net, Map.of(X, x, STATE_IN, b)).get(STATE_OUT);
            float next = maxAbsDiff(a, b);
            assertTrue(next <= 0.86f * gap + 1e-6f, "step " + step + ": gap " + gap + " -> " + next);
            gap = next;
        }
        assertTrue(gap < 0.2f * Math.pow(0.86, 20) + 1e-5, "gap after 20 steps " + gap);
    }
}
