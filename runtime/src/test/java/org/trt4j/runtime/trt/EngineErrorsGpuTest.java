package org.trt4j.runtime.trt;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Bad engines and bad inputs give clear UserErrors, never a crash. */
@Tag("gpu")
class EngineErrorsGpuTest {
    static EnginePlan plan;
    @TempDir Path dir;

    @BeforeAll static void build() {
        plan = EngineBuilder.build("tiny", new TinyConvNet(-1, 2, 6, 6), BuildOptions.defaults().withProgress(false)
                .withProfile(TinyConvNet.INPUT, ShapeRange.parse("1x2x6x6:1x2x6x6:3x2x6x6")));
    }

    @Test void garbageBytesAreNotAnEngine() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        Path file = dir.resolve("garbage.engine");
        Files.write(file, garbage);
        UserError e = assertThrows(UserError.class, () -> Engine.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a valid TensorRT engine"), e.getMessage());
    }

    @Test void truncatedPlanIsReported() {
        byte[] half = Arrays.copyOf(plan.bytes(), plan.bytes().length / 2);
        UserError e = assertThrows(UserError.class, () -> Engine.fromBytes(half, null, "half.engine"));
        assertTrue(e.getMessage().startsWith("half.engine"), e.getMessage());
    }

    @Test void emptyAndMissingFilesAreReported() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.engine"));
        assertTrue(assertThrows(UserError.class, () -> Engine.load(empty)).getMessage().contains("empty file"));
        assertTrue(assertThrows(UserError.class, () -> Engine.load(dir.resolve("nope.engine"))).getMessage().contains("not found"));
    }

    @Test void planFromAnotherTensorRtVersionIsRefusedByTheSidecar() {
        EngineInfo i = plan.info();
        EngineInfo old = new EngineInfo(i.formatVersion(), i.network(), i.networkOptions(), i.precision(), i.buildOptions(), i.inputs(),
                i.outputs(), "8.6.1.6", i.gpuName(), i.computeCapability(), i.pluginLibraries(), null, null, i.buildTime(), i.buildSeconds());
        UserError e = assertThrows(UserError.class, () -> Engine.fromBytes(plan.bytes(), old, "old.engine"));
        assertTrue(e.getMessage().contains("built with TensorRT 8.6.1.6") && e.getMessage().contains(TensorRt.fullVersion()), e.getMessage());
    }

    @Test void planForAnotherGpuIsRefusedByTheSidecar() {
        EngineInfo i = plan.info();
        EngineInfo turing = new EngineInfo(i.formatVersion(), i.network(), i.networkOptions(), i.precision(), i.buildOptions(), i.inputs(),
                i.outputs(), i.tensorrtVersion(), "Tesla T4", "7.5", i.pluginLibraries(), null, null, i.buildTime(), i.buildSeconds());
        UserError e = assertThrows(UserError.class, () -> Engine.fromBytes(plan.bytes(), turing, "t4.engine"));
        assertTrue(e.getMessage().contains("compute capability 7.5") && e.getMessage().contains(Cuda.currentDevice().computeCapability()),
                e.getMessage());
    }

    @Test void missingPluginLibraryIsNamed() {
        EngineInfo i = plan.info();
        PluginLibrary lib = new PluginLibrary("libtrt4j_plugins.so", "/opt/trt4j/libtrt4j_plugins.so",
                List.of(new PluginLibrary.Creator("Trt4jNoSuchPlugin", "1", "trt4j")));
        EngineInfo withPlugin = new EngineInfo(i.formatVersion(), i.network(), i.networkOptions(), i.precision(), i.buildOptions(), i.inputs(),
                i.outputs(), i.tensorrtVersion(), i.gpuName(), i.computeCapability(), List.of(lib), null, null, i.buildTime(), i.buildSeconds());
        UserError e = assertThrows(UserError.class, () -> Engine.fromBytes(plan.bytes(), withPlugin, "p.engine"));
        assertTrue(e.getMessage().contains("libtrt4j_plugins.so") && e.getMessage().contains("Trt4jNoSuchPlugin"), e.getMessage());
    }

    @Test void wrongInputsAreClearErrors() {
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession()) {
            UserError name = assertThrows(UserError.class, () -> session.setInput("images", new float[72]));
            assertTrue(name.getMessage().contains("no input 'images'") && name.getMessage().contains("input"), name.getMessage());
            UserError unset = assertThrows(UserError.class, session::run);
            assertTrue(unset.getMessage().contains("setInputShape"), unset.getMessage());
            UserError rank = assertThrows(UserError.class, () -> session.setInputShape(TinyConvNet.INPUT, 1, 2, 6));
            assertTrue(rank.getMessage().contains("rank 4"), rank.getMessage());
            UserError fixedDim = assertThrows(UserError.class, () -> session.setInputShape(TinyConvNet.INPUT, 1, 3, 6, 6));
            assertTrue(fixedDim.getMessage().contains("dimension 1 is fixed at 2"), fixedDim.getMessage());
            session.setInputShape(TinyConvNet.INPUT, 2, 2, 6, 6);
            UserError count = assertThrows(UserError.class, () -> session.setInput(TinyConvNet.INPUT, new float[72]));
            assertTrue(count.getMessage().contains("needs 144 values, got 72"), count.getMessage());
            UserError output = assertThrows(UserError.class, () -> session.output("logits"));
            assertTrue(output.getMessage().contains("no output 'logits'"), output.getMessage());
        }
    }

    @Test void missingProfileForADynamicInputIsABuildError() {
        UserError e = assertThrows(UserError.class, () -> EngineBuilder.build("tiny", new TinyConvNet(-1, 2, 6, 6),
                BuildOptions.defaults().withProgress(false)));
        assertTrue(e.getMessage().contains("input 'input' has dynamic shape ?x2x6x6"), e.getMessage());
        UserError unknown = assertThrows(UserError.class, () -> EngineBuilder.build("tiny", new TinyConvNet(1, 2, 6, 6),
                BuildOptions.defaults().withProgress(false).withProfile("images", ShapeRange.fixed(1, 2, 6, 6))));
        assertTrue(unknown.getMessage().contains("no such input"), unknown.getMessage());
    }
}
