package org.trt4j.networks.fcn;

import org.trt4j.networks.HashWeights;
import org.junit.jupiter.api.Test;
import org.trt4j.networks.TestResources;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU backend against torchvision (fcn_reference.py) on the 1-block-per-stage FCN (same modules and keys as
 * fcn_resnet101, ResNet stages [1,1,1,1]) at 1x3x64x64, aux head included, and the in-network argmax.
 */
class FcnCpuParityTest {
    static Map<String, NpyArray> golden(String name) throws Exception {
        return Npz.read(TestResources.file("/golden/fcn/" + name + ".npz")); // a jar resource on the GPU host, not a file
    }

    @Test void smallFcnMatchesTorchvision() throws Exception {
        Map<String, NpyArray> g = golden("fcn_small");
        DefinedNetwork net = NetworkRegistry.define("fcn_resnet101", HashWeights.fromManifest("/golden/fcn/fcn_small.keys.json"),
                Map.of("blocks", "1,1,1,1", "outputs", "both"), Map.of(FcnResNetFactory.INPUT, Shape.of(1, 3, 64, 64)));
        assertEquals(List.of(), net.unusedWeights(), "every torchvision key is used");
        NpyArray input = g.get("input");
        Map<String, HostTensor> out = new CpuBackend().run(net.network(), Map.of(FcnResNetFactory.INPUT, HostTensor.of(input.floats(), input.shape())));
        assertRelativeClose(g.get("out"), out.get(FcnResNetFactory.OUT), 1e-4, "out");
        assertRelativeClose(g.get("aux"), out.get(FcnResNetFactory.AUX), 1e-4, "aux");
        int[] classes = out.get(FcnResNetFactory.CLASSES).ints();
        float[] logits = g.get("out").floats();
        int plane = 64 * 64, agree = 0;
        for (int p = 0; p < plane; p++) {
            int best = 0;
            for (int c = 1; c < 21; c++) if (logits[c * plane + p] > logits[best * plane + p]) best = c;
            if (classes[p] == best) agree++;
        }
        assertTrue(agree >= plane * 0.999, "argmax agrees with torchvision on " + agree + " of " + plane + " pixels");
    }

    @Test void dynamicInputDefinitionGivesTheSameResult() throws Exception {
        Map<String, NpyArray> g = golden("fcn_small");
        DefinedNetwork net = NetworkRegistry.define("fcn_resnet101", HashWeights.fromManifest("/golden/fcn/fcn_small.keys.json"),
                Map.of("blocks", "1,1,1,1", "aux", "false"), Map.of());
        NpyArray input = g.get("input");
        Map<String, HostTensor> out = new CpuBackend().run(net.network(), Map.of(FcnResNetFactory.INPUT, HostTensor.of(input.floats(), input.shape())));
        assertEquals(List.of(FcnResNetFactory.OUT), List.copyOf(out.keySet()), "aux=false, outputs=logits: only out");
        assertRelativeClose(g.get("out"), out.get(FcnResNetFactory.OUT), 1e-4, "out (dynamic H, W)");
    }

    @Test void resNet101DepthMatchesTorchvision() throws Exception {
        Map<String, NpyArray> g = golden("fcn_resnet101");
        DefinedNetwork net = NetworkRegistry.define("fcn_resnet101", HashWeights.fromManifest("/golden/fcn/fcn_resnet101.keys.json"),
                Map.of(), Map.of(FcnResNetFactory.INPUT, Shape.of(1, 3, 64, 64)));
        assertEquals(List.of(), net.unusedWeights(), "every torchvision key is used");
        NpyArray input = g.get("input");
        Map<String, HostTensor> out = new CpuBackend().run(net.network(), Map.of(FcnResNetFactory.INPUT, HostTensor.of(input.floats(), input.shape())));
        assertRelativeClose(g.get("out"), out.get(FcnResNetFactory.OUT), 1e-4, "out (ResNet-101)");
        assertRelativeClose(g.get("aux"), out.get(FcnResNetFactory.AUX), 1e-4, "aux (ResNet-101)");
    }

    /** max |expected - actual| <= tolerance * max |expected|. */
    static void assertRelativeClose(NpyArray expected, HostTensor actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        float[] e = expected.floats(), a = actual.floats();
        double diff = 0, scale = 0;
        for (int i = 0; i < e.length; i++) {
            diff = Math.max(diff, Math.abs(e[i] - a[i]));
            scale = Math.max(scale, Math.abs(e[i]));
        }
        System.out.printf("fcn %s: max abs difference %.3g (max |value| %.3g)%n", what, diff, scale);
        assertTrue(diff <= tolerance * scale, what + ": max abs difference " + diff + " > " + tolerance + " x " + scale);
    }
}
