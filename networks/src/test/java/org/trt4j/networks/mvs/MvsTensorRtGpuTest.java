package org.trt4j.networks.mvs;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.networks.HashWeights;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.run.EngineCache;
import org.trt4j.runtime.run.TensorRtRunner;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FP32 TensorRT engines of casmvsnet at 1x3x3x384x768 (hash weights) against PyTorch on the GPU with TF32 off
 * ({@code mvs_reference.py full /tmp/w/mvs --device cuda}, which {@code .ci/gpu/tests.sh references} runs; another
 * file with {@code -Dtrt4j.mvs.golden=PATH}): depth within 1e-3 relative and 99.9 % of the confidence within 1e-3, with the
 * grid-sample plugin and with TensorRT's native grid sample layer, and the two engines equal to each other.
 */
@Tag("gpu")
class MvsTensorRtGpuTest {
    /** Confidences whose window can flip at single pixels (see {@link MvsGolden#shareWithin}). */
    static final java.util.Set<String> CONFIDENCES = java.util.Set.of("pc_stage3", "photometric_confidence");

    static Map<String, NpyArray> fullGolden() throws Exception {
        Path p = Path.of(System.getProperty("trt4j.mvs.golden", "/tmp/w/mvs/mvs_full.npz"));
        assertTrue(Files.isRegularFile(p), p + " is missing: run networks/src/test/python/mvs_reference.py full /tmp/w/mvs --device cuda "
                + "(.ci/gpu/tests.sh references does)");
        return Npz.read(p);
    }

    static TensorRtRunner runner(String gridSample) throws Exception {
        DefinedNetwork defined = NetworkRegistry.define("casmvsnet", HashWeights.fromManifest("/golden/mvs/mvs.keys.json"),
                Map.of("grid_sample", gridSample), Map.of());
        // optimization level 1: a quicker tactic search (two builds must fit the GPU test's few minutes); FP32 results
        // do not depend on the tactics chosen beyond rounding
        BuildOptions options = BuildOptions.defaults().withPrecision(Precision.FP32).withProgress(false).withProfiles(defined.profiles())
                .withOptimizationLevel(1);
        return new TensorRtRunner(Engine.fromPlan(EngineCache.build(defined, "test weights", null, options, System.err)),
                "casmvsnet FP32 " + gridSample + " grid sample");
    }

    @Test void fp32PluginAndNativeGridSampleMatchPyTorchAndEachOther() throws Exception {
        Map<String, NpyArray> g = fullGolden();
        Map<String, HostTensor> inputs = MvsGolden.inputs(g);
        Map<String, HostTensor> plugin, nativeLayer;
        try (TensorRtRunner r = runner("plugin")) { plugin = r.run(inputs); }
        try (TensorRtRunner r = runner("native")) { nativeLayer = r.run(inputs); }
        for (String name : MvsGolden.OUTPUTS) {
            MvsGolden.Difference p = MvsGolden.compare(g.get(name), plugin.get(name), "plugin " + name);
            MvsGolden.Difference n = MvsGolden.compare(g.get(name), nativeLayer.get(name), "native " + name);
            if (name.equals("depth")) {
                assertTrue(p.relative() <= 1e-3, "plugin " + name + ": relative difference " + p.relative());
                assertTrue(n.relative() <= 1e-3, "native " + name + ": relative difference " + n.relative());
            }
            if (CONFIDENCES.contains(name)) {
                // the 2026-12-07 H100 run: depth within 1.3e-5 relative, but single pixels of pc_stage3 off by 0.62 (a window flip)
                float[] e = g.get(name).floats();
                assertTrue(MvsGolden.shareWithin(e, plugin.get(name).floats(), 1e-3, "plugin " + name) >= 0.999, "plugin " + name);
                assertTrue(MvsGolden.shareWithin(e, nativeLayer.get(name).floats(), 1e-3, "native " + name) >= 0.999, "native " + name);
            }
        }
        for (String name : MvsGolden.OUTPUTS) {
            float[] a = plugin.get(name).floats(), b = nativeLayer.get(name).floats();
            double diff = 0, scale = 0;
            for (int i = 0; i < a.length; i++) {
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
                scale = Math.max(scale, Math.abs(a[i]));
            }
            System.out.printf("mvs plugin vs native %-22s max abs diff %.3g (relative %.3g)%n", name, diff, diff / scale);
            // Both compute PyTorch's bilinear weights in FP32, but the kernels may round differently (an ulp), and the sharp
            // stage-3 softmax turns that into ~1e-5 of the confidence (the CPU backend vs PyTorch: 1.7e-5); where the
            // rounded window flips, each engine differs from PyTorch, so the two may differ by the sum of their
            // tolerances against PyTorch (visit 8: 99.11 % within 1e-4, while each was 99.99 % within 1e-3 of PyTorch)
            if (CONFIDENCES.contains(name))
                assertTrue(MvsGolden.shareWithin(a, b, 2e-3, "plugin vs native " + name) >= 0.999, "plugin and native differ in " + name);
            else assertTrue(diff <= 1e-4 * scale, "plugin and native grid sample differ in " + name + " by " + diff);
        }
    }
}
