package org.trt4j.plugins;

import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.plugins.bench.BenchData;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.weights.npy.NpyArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The MatrixInverse plugin through TensorRT against torch.linalg.inv goldens and the Java reference. */
@Tag("gpu")
class MatrixInversePluginGpuTest {
    static final List<String> GOLDENS = List.of("inverse_4x4", "inverse_n1", "inverse_n2", "inverse_n3", "inverse_n5",
            "inverse_n8", "inverse_n17", "inverse_n32");

    @Test void matchesPyTorchGoldens() {
        PluginNetwork net = new PluginNetwork();
        for (String name : GOLDENS)
            net.input("a_" + name, DataType.kFLOAT, Goldens.read(name).get("input").shape())
                    .plugin("inv_" + name, new MatrixInverseSpec(), "a_" + name);
        try (Engine engine = Engine.fromPlan(EngineBuilder.build("inverse-goldens", net, BuildOptions.defaults().withProgress(false)));
             ExecutionSession session = engine.newSession()) {
            for (String name : GOLDENS) session.setInput("a_" + name, Goldens.read(name).get("input").floats());
            session.run();
            for (String name : GOLDENS) {
                NpyArray expected = Goldens.read(name).get("output");
                int n = expected.shape()[expected.shape().length - 1];
                double rel = Goldens.maxRelativeDiff(session.output("inv_" + name).floats(), expected.floats(), n * n);
                assertTrue(rel <= 1e-5, name + ": relative diff " + rel);
            }
        }
    }

    @Test void matchesJavaReferenceOnManyMatricesAndSingularGivesNonFinite() {
        int batch = 4096;
        float[] a4 = BenchData.wellConditionedMatrices(batch, 4, 11);
        float[] a6 = BenchData.wellConditionedMatrices(batch, 6, 12);
        float[] singular = new float[2 * 16]; // a zero matrix and a rank-1 matrix
        for (int i = 16; i < 32; i++) singular[i] = 1f;
        PluginNetwork net = new PluginNetwork()
                .input("a4", DataType.kFLOAT, batch, 4, 4).plugin("inv4", new MatrixInverseSpec(), "a4")
                .input("a6", DataType.kFLOAT, batch, 6, 6).plugin("inv6", new MatrixInverseSpec(), "a6")
                .input("s", DataType.kFLOAT, 2, 4, 4).plugin("invs", new MatrixInverseSpec(), "s");
        try (Engine engine = Engine.fromPlan(EngineBuilder.build("inverse-random", net, BuildOptions.defaults().withProgress(false)));
             ExecutionSession session = engine.newSession()) {
            session.setInput("a4", a4).setInput("a6", a6).setInput("s", singular);
            session.run();
            double rel4 = Goldens.maxRelativeDiff(session.output("inv4").floats(), MatrixInverse.apply(HostTensor.of(a4, batch, 4, 4)).floats(), 16);
            double rel6 = Goldens.maxRelativeDiff(session.output("inv6").floats(), MatrixInverse.apply(HostTensor.of(a6, batch, 6, 6)).floats(), 36);
            assertTrue(rel4 <= 1e-5, "4x4 relative diff " + rel4);
            assertTrue(rel6 <= 1e-5, "6x6 relative diff " + rel6);
            float[] inv = session.output("invs").floats();
            for (int m = 0; m < 2; m++) {
                boolean nonFinite = false;
                for (int i = 0; i < 16; i++) nonFinite |= !Float.isFinite(inv[m * 16 + i]);
                assertTrue(nonFinite, "singular matrix " + m + " gives inf/NaN");
            }
        }
    }
}
