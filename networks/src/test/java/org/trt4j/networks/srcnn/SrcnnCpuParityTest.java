package org.trt4j.networks.srcnn;

import org.junit.jupiter.api.Test;
import org.trt4j.networks.TestResources;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;
import org.trt4j.weights.wts.WtsReader;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPU backend against PyTorch (srcnn_reference.py): fixed factor 3 and the run-time factor at 2, 3 and 4. */
class SrcnnCpuParityTest {
    static final double TOLERANCE = 1e-4;  // on the 0..1 image scale

    static Path golden(String file) throws Exception {
        return TestResources.file("/golden/srcnn/" + file); // a jar resource on the GPU host, not a file
    }

    static WeightMap weights() throws Exception { return WtsReader.read(golden("srcnn.wts")); }

    static Map<String, NpyArray> npz() throws Exception { return Npz.read(golden("srcnn.npz")); }

    static HostTensor tensor(NpyArray a) { return HostTensor.of(a.floats(), a.shape()); }

    @Test void fixedFactorMatchesPyTorch() throws Exception {
        Map<String, NpyArray> g = npz();
        DefinedNetwork net = NetworkRegistry.define("srcnn", weights(), Map.of("scale", "3"), Map.of());
        HostTensor out = new CpuBackend().run(net.network(), Map.of(SrcnnFactory.INPUT, tensor(g.get("input")))).get(SrcnnFactory.OUTPUT);
        assertClose(g.get("output_x3"), out, "x3");
    }

    @Test void runTimeFactorMatchesPyTorchAtEveryFactor() throws Exception {
        Map<String, NpyArray> g = npz();
        DefinedNetwork net = NetworkRegistry.define("srcnn", weights(), Map.of("scale", "dynamic"), Map.of());
        for (int factor = 2; factor <= 4; factor++) {
            HostTensor out = new CpuBackend().run(net.network(), Map.of(
                    SrcnnFactory.INPUT, tensor(g.get("input")),
                    SrcnnFactory.FACTOR, HostTensor.ofInts(new int[]{factor}, 1))).get(SrcnnFactory.OUTPUT);
            assertClose(g.get("output_x" + factor), out, "x" + factor);
        }
    }

    static void assertClose(NpyArray expected, HostTensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        float[] e = expected.floats(), a = actual.floats();
        double max = 0;
        for (int i = 0; i < e.length; i++) max = Math.max(max, Math.abs(e[i] - a[i]));
        assertTrue(max <= TOLERANCE, what + ": max abs difference " + max + " > " + TOLERANCE);
    }
}
