package org.trt4j.networks.mvs;

import org.junit.jupiter.api.Test;
import org.trt4j.networks.HashWeights;
import org.trt4j.networks.TestResources;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU backend against mvs_reference.py (PyTorch, the same hash weights) at 1x3x3x32x64: every output, with the
 * seed's attention in all stages and the PropagationNet. Compared relative to each output's spread around its mean as
 * well as to its magnitude, since hash-weight depths stay close to the middle of the range.
 */
class MvsCpuGoldenTest {
    static Map<String, NpyArray> golden() throws Exception { return Npz.read(TestResources.file("/golden/mvs/mvs_small.npz")); }

    static WeightMap weights() throws Exception { return HashWeights.fromManifest("/golden/mvs/mvs.keys.json"); }

    static Map<String, HostTensor> runCpu(Map<String, String> options) throws Exception {
        DefinedNetwork net = NetworkRegistry.define("casmvsnet", weights(), options, Map.of());
        assertEquals(List.of(), net.unusedWeights(), "every CasMVSNet key is used");
        return new CpuBackend().run(net.network(), MvsGolden.inputs(golden()));
    }

    @Test void everyOutputMatchesPyTorch() throws Exception {
        Map<String, NpyArray> g = golden();
        Map<String, HostTensor> out = runCpu(Map.of("size", "32x64"));
        for (String name : MvsGolden.OUTPUTS) {
            MvsGolden.Difference d = MvsGolden.compare(g.get(name), out.get(name), name);
            // Measured 1.7e-5 and 5.4e-4 at most (the stage-3 confidence, the nearly flat stage-1 depth: float32
            // rounding at depth 4 is 2.4e-7, an eighth of that spread's 1e-3).
            assertTrue(d.relative() <= 1e-4, name + ": relative difference " + d.relative());
            assertTrue(d.relativeToSpread() <= 2e-3, name + ": difference relative to the spread " + d.relativeToSpread());
        }
    }

    @Test void nativeGridSampleGivesThePluginsValues() throws Exception {
        Map<String, HostTensor> plugin = runCpu(Map.of("size", "32x64")), nativeLayer = runCpu(Map.of("size", "32x64", "grid_sample", "native"));
        for (String name : MvsGolden.OUTPUTS)
            org.junit.jupiter.api.Assertions.assertArrayEquals(plugin.get(name).floats(), nativeLayer.get(name).floats(), 0f, name);
    }

    @Test void attentionAndPropagationChangeTheResult() throws Exception {
        Map<String, NpyArray> g = golden();
        Map<String, HostTensor> plain = runCpuWithoutWeightsCheck(Map.of("size", "32x64", "attention", "false", "propagation", "false"));
        MvsGolden.Difference d = MvsGolden.compare(g.get("outputs_stage3"), plain.get("outputs_stage3"), "stage 3 without attention");
        assertTrue(d.relativeToSpread() > 0.05, "the attention is not a no-op: " + d.relativeToSpread());
        MvsGolden.Difference unrefined = MvsGolden.compare(g.get("depth"), plain.get("depth"), "depth without propagation");
        assertTrue(unrefined.relativeToSpread() > 0.05, "the propagation is not a no-op: " + unrefined.relativeToSpread());
    }

    /** geometry=fp32 marks the projections, the inverse, the hypotheses and the grid, nothing of the features or the cost volume. */
    @Test void fp32GeometryMarksTheGeometryOnly() throws Exception {
        var marked = NetworkRegistry.define("casmvsnet", weights(), Map.of("size", "32x64", "geometry", "fp32"), Map.of())
                .network().layers().stream().filter(org.trt4j.runtime.graph.Layer::fullPrecision).toList();
        assertTrue(marked.stream().anyMatch(l -> l.op() instanceof org.trt4j.runtime.graph.Op.Plugin p && p.spec().pluginName().equals("MatrixInverse")),
                "the matrix inverse: " + marked);
        assertTrue(marked.stream().anyMatch(l -> l.op() instanceof org.trt4j.runtime.graph.Op.MatMul), "the projections' products");
        assertTrue(marked.stream().noneMatch(l -> l.op() instanceof org.trt4j.runtime.graph.Op.Convolution), "no convolution: " + marked);
        assertTrue(marked.stream().noneMatch(l -> l.op() instanceof org.trt4j.runtime.graph.Op.Plugin p && p.spec().pluginName().equals("GridSample")),
                "the sampling itself follows the engine's precision");
        assertTrue(NetworkRegistry.define("casmvsnet", weights(), Map.of("size", "32x64"), Map.of()).network().layers().stream()
                .noneMatch(org.trt4j.runtime.graph.Layer::fullPrecision), "the default marks nothing");
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.trt4j.error.UserError.class,
                () -> NetworkRegistry.define("casmvsnet", weights(), Map.of("geometry", "fp64"), Map.of()));
        assertTrue(e.getMessage().contains("geometry=fp64 must be engine or fp32"), e.getMessage());
    }

    /** Without attention or propagation the refine_network keys are left over, which is what this test wants. */
    static Map<String, HostTensor> runCpuWithoutWeightsCheck(Map<String, String> options) throws Exception {
        DefinedNetwork net = NetworkRegistry.define("casmvsnet", weights(), options, Map.of());
        Map<String, HostTensor> in = new java.util.HashMap<>(MvsGolden.inputs(golden()));
        if ("false".equals(options.get("propagation"))) in.remove(CascadeMvsNetFactory.EDGE);
        return new CpuBackend().run(net.network(), in);
    }
}
