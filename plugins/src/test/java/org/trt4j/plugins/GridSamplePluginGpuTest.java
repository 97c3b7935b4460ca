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
import org.trt4j.runtime.trt.Precision;
import org.trt4j.weights.npy.NpyArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The GridSample plugin through TensorRT against PyTorch goldens and the Java reference, every mode, FP32 and FP16. */
@Tag("gpu")
class GridSamplePluginGpuTest {

    record Combo(GridSample.Mode mode, GridSample.Padding padding, boolean align) {
        String key() { return GridSampleReferenceTest.goldenName(mode, padding, align); }
        GridSampleSpec spec() { return new GridSampleSpec(mode, padding, align); }
    }

    static List<Combo> combos() {
        List<Combo> all = new ArrayList<>();
        for (GridSample.Mode m : GridSample.Mode.values())
            for (GridSample.Padding p : GridSample.Padding.values())
                for (boolean a : new boolean[] {false, true}) all.add(new Combo(m, p, a));
        return all;
    }

    @Test void matchesPyTorchGoldensFp32() { checkGoldens(false, 1e-5f); }

    @Test void matchesPyTorchGoldensFp16() { checkGoldens(true, 1e-2f); }

    /** One engine holding a plugin layer per combination, each on that golden's own input and grid. */
    private void checkGoldens(boolean half, float tolerance) {
        PluginNetwork net = new PluginNetwork();
        for (Combo c : combos())
            net.input("x_" + c.key(), half ? DataType.kHALF : DataType.kFLOAT, 2, 3, 5, 7)
                    .input("g_" + c.key(), DataType.kFLOAT, 2, 4, 6, 2)
                    .plugin("y_" + c.key(), c.spec(), "x_" + c.key(), "g_" + c.key());
        BuildOptions options = BuildOptions.defaults().withProgress(false).withPrecision(half ? Precision.FP16 : Precision.FP32);
        try (Engine engine = Engine.fromPlan(EngineBuilder.build("grid-sample-goldens", net, options));
             ExecutionSession session = engine.newSession()) {
            for (Combo c : combos()) {
                Map<String, NpyArray> golden = Goldens.read(c.key());
                session.setInput("x_" + c.key(), golden.get("input").floats());
                session.setInput("g_" + c.key(), golden.get("grid").floats());
            }
            session.run();
            for (Combo c : combos()) {
                float diff = Goldens.maxAbsDiff(session.output("y_" + c.key()).floats(), Goldens.read(c.key()).get("output").floats());
                assertTrue(diff <= tolerance, c.key() + (half ? " fp16" : " fp32") + ": max abs diff " + diff);
            }
        }
    }

    @Test void matchesJavaReferenceOnRandomInputs() {
        int n = 2, ch = 8, h = 33, w = 47, gh = 20, gw = 30;
        PluginNetwork net = new PluginNetwork().input("x", DataType.kFLOAT, n, ch, h, w)
                .input("g", DataType.kFLOAT, n, gh, gw, 2).input("gq", DataType.kFLOAT, n, gh, gw, 2);
        // Nearest sampling gets a grid of multiples of 1/64: exact source coordinates, so ties round identically.
        for (Combo c : combos()) net.plugin("y_" + c.key(), c.spec(), "x", c.mode() == GridSample.Mode.NEAREST ? "gq" : "g");
        Random random = new Random(7);
        float[] x = new float[n * ch * h * w], g = new float[n * gh * gw * 2], gq = new float[g.length];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextFloat() * 2.6f - 1.3f;
            gq[i] = Math.round(g[i] * 64f) / 64f;
        }
        try (Engine engine = Engine.fromPlan(EngineBuilder.build("grid-sample-random", net, BuildOptions.defaults().withProgress(false)));
             ExecutionSession session = engine.newSession()) {
            session.setInput("x", x).setInput("g", g).setInput("gq", gq);
            session.run();
            for (Combo c : combos()) {
                HostTensor want = GridSample.apply(HostTensor.of(x, n, ch, h, w),
                        HostTensor.of(c.mode() == GridSample.Mode.NEAREST ? gq : g, n, gh, gw, 2), c.mode(), c.padding(), c.align());
                HostTensor got = session.output("y_" + c.key());
                assertArrayEquals(want.shape(), got.shape());
                float diff = Goldens.maxAbsDiff(got.floats(), want.floats());
                assertTrue(diff <= 1e-5f, c.key() + ": max abs diff " + diff);
            }
        }
    }

    @Test void mvsSizeMatchesJavaReference() {
        int c = 32, h = 128, w = 160, depths = 48;
        PluginNetwork net = new PluginNetwork().input("x", DataType.kFLOAT, 1, c, h, w).input("g", DataType.kFLOAT, 1, depths * h, w, 2)
                .plugin("y", new GridSampleSpec(GridSample.Mode.BILINEAR, GridSample.Padding.ZEROS, true), "x", "g");
        float[] x = BenchData.features(c, h, w, 1);
        float[] g = BenchData.homographyGrid(depths, h, w);
        try (Engine engine = Engine.fromPlan(EngineBuilder.build("grid-sample-mvs", net, BuildOptions.defaults().withProgress(false)));
             ExecutionSession session = engine.newSession()) {
            session.setInput("x", x).setInput("g", g);
            session.run();
            HostTensor want = GridSample.apply(HostTensor.of(x, 1, c, h, w), HostTensor.of(g, 1, depths * h, w, 2),
                    GridSample.Mode.BILINEAR, GridSample.Padding.ZEROS, true);
            float diff = Goldens.maxAbsDiff(session.output("y").floats(), want.floats());
            assertTrue(diff <= 1e-5f, "max abs diff " + diff);
        }
    }
}
