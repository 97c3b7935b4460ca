package org.trt4j.runtime.graph;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Layers added inside Network.fullPrecision() (nested or not) are marked, the others not; the CPU backend is unchanged. */
class FullPrecisionScopeTest {
    @Test void layersInsideTheScopeAreMarkedAndScopesNest() {
        Network net = new Network("scoped");
        try (var current = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, 4));
            Tensor a = F.mul(x, 2.0);
            Tensor b, c;
            try (var outer = F.fullPrecision()) {
                try (var inner = net.fullPrecision()) {
                    b = F.mul(a, 40000.0);
                }
                c = F.div(b, 40000.0);
            }
            net.markOutput("y", F.add(c, 1.0));
        }
        // constant, prod (x * 2) | constant_1, prod_1 (* 40000), constant_2, div (/ 40000) | constant_3, sum (+ 1)
        boolean[] inside = {false, false, true, true, true, true, false, false};
        assertEquals(inside.length, net.layers().size(), net.layers().toString());
        for (Layer l : net.layers()) assertEquals(inside[l.index()], l.fullPrecision(), l + " of " + net.layers());
        HostTensor y = new CpuBackend().run(net, Map.of("x", HostTensor.of(new float[]{1, 2, 3, 4}, 1, 4))).get("y");
        assertArrayEquals(new float[]{3, 5, 7, 9}, y.floats(), 1e-5f);
    }
}
