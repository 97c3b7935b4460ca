package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trt4j.error.UserError;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Version-compatible and Ampere-plus plans build, record themselves in the sidecar, load and compute what a plain plan does. */
@Tag("gpu")
class CompatibleEngineGpuTest {

    private static float[] run(EnginePlan plan, float[] input) {
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession()) {
            session.setInputShape(TinyConvNet.INPUT, 2, TinyConvNet.IN_CHANNELS, 6, 6).setInput(TinyConvNet.INPUT, input);
            session.run();
            return session.output(TinyConvNet.OUTPUT).asFloats();
        }
    }

    private static EnginePlan build(Compatibility c) {
        return EngineBuilder.build("tiny", new TinyConvNet(-1, 2, 6, 6), BuildOptions.defaults().withProgress(false)
                .withProfile(TinyConvNet.INPUT, ShapeRange.parse("1x2x6x6:2x2x6x6:3x2x6x6")).withCompatibility(c));
    }

    @ParameterizedTest
    @CsvSource({"true,false", "false,true", "true,true"})
    void compatiblePlansComputeWhatAPlainPlanDoes(boolean versionCompatible, boolean amperePlus) {
        Compatibility wanted = new Compatibility(versionCompatible, amperePlus);
        if (versionCompatible && TensorRt.leanRuntime() == null) {
            // the bundle (bytedeco's preset) has no lean runtime: the build must say so before it starts
            UserError e = assertThrows(UserError.class, () -> build(wanted));
            assertTrue(e.getMessage().contains(TensorRt.LEAN_RUNTIME), e.getMessage());
            return;
        }
        float[] input = TinyConvNet.input(2, 6, 6, 3);
        float[] expected = run(build(Compatibility.NONE), input);
        EnginePlan plan = build(wanted);
        assertEquals(wanted, Compatibility.of(plan.info().buildOptions()), "the sidecar records the compatibility");
        assertArrayEquals(expected, run(plan, input), 1e-5f);
    }

    /**
     * A version-compatible plan without the lean runtime builds with the preset alone; loading it needs one named.
     * Named as the full libnvinfer.so.10 this process runs (the only TensorRT library the GPU host has), TensorRT either
     * runs the plan, computing what a plain plan does, or refuses, which must come back as trt4j's error naming it.
     */
    @Test void aPlanWithoutTheLeanRuntimeBuildsAndLoadsOnlyWithOneNamed() throws Exception {
        Compatibility excluded = new Compatibility(true, true, false);
        float[] input = TinyConvNet.input(2, 6, 6, 3);
        float[] expected = run(build(Compatibility.NONE), input);
        EnginePlan plan = build(excluded);
        assertEquals(excluded, Compatibility.of(plan.info().buildOptions()), "the sidecar records the excluded lean runtime");
        String before = System.getProperty(TensorRt.LEAN_RUNTIME_PROPERTY);
        try {
            if (TensorRt.leanRuntime() == null && System.getenv(TensorRt.LEAN_RUNTIME_ENV) == null) {
                System.clearProperty(TensorRt.LEAN_RUNTIME_PROPERTY);
                UserError none = assertThrows(UserError.class, () -> Engine.fromPlan(plan));
                assertTrue(none.getMessage().contains("-Dtrt4j.leanRuntime=PATH"), none.getMessage());
            }
            Path full = loadedLibrary("libnvinfer.so.10");
            System.setProperty(TensorRt.LEAN_RUNTIME_PROPERTY, full.toString());
            try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession()) {
                session.setInputShape(TinyConvNet.INPUT, 2, TinyConvNet.IN_CHANNELS, 6, 6).setInput(TinyConvNet.INPUT, input);
                session.run();
                assertArrayEquals(expected, session.output(TinyConvNet.OUTPUT).asFloats(), 1e-5f);
                System.out.println("a plan without the lean runtime ran through " + full);
            } catch (UserError e) {
                assertTrue(e.getMessage().contains(full.toString()), e.getMessage());
                System.out.println("TensorRT refused " + full + " as the lean runtime: " + e.getMessage());
            }
        } finally {
            if (before == null) System.clearProperty(TensorRt.LEAN_RUNTIME_PROPERTY);
            else System.setProperty(TensorRt.LEAN_RUNTIME_PROPERTY, before);
        }
    }

    /** The file of a shared library this process has mapped (Linux). */
    private static Path loadedLibrary(String name) throws Exception {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash >= 0 && line.endsWith("/" + name)) return Path.of(line.substring(slash));
        }
        throw new AssertionError(name + " is not mapped into this process");
    }

    @ParameterizedTest
    @CsvSource({"true,10.0.0.6,", "true,10.99.0.1,needs TensorRT 10.x", "false,10.5.0.18,built with TensorRT 10.5.0.18"})
    void theSidecarsReleaseDecidesBeforeTensorRtDoes(boolean versionCompatible, String recorded, String error) {
        // a plain plan claiming to be version-compatible tests the same check where no lean runtime can build a real one
        EnginePlan plan = build(new Compatibility(versionCompatible && TensorRt.leanRuntime() != null, false));
        EngineInfo i = plan.info();
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>(i.buildOptions());
        options.putAll(new Compatibility(versionCompatible, false).describe());
        EngineInfo claimed = new EngineInfo(i.formatVersion(), i.network(), i.networkOptions(), i.precision(), options, i.inputs(),
                i.outputs(), recorded, i.gpuName(), i.computeCapability(), i.pluginLibraries(), null, null, i.buildTime(), i.buildSeconds());
        if (error == null) {
            // an older 10.x recorded: our check lets it through and TensorRT loads the (really 10.6) plan
            try (Engine engine = Engine.fromBytes(plan.bytes(), claimed, "vc.engine")) {
                assertNotNull(engine);
            }
        } else {
            UserError e = assertThrows(UserError.class, () -> Engine.fromBytes(plan.bytes(), claimed, "vc.engine"));
            assertTrue(e.getMessage().contains(error), e.getMessage());
        }
    }

    @Test void checkSaysAPlainPlanRunsHereAndAnotherGpusPlanDoesNot(@TempDir Path dir) throws Exception {
        EnginePlan plan = build(Compatibility.NONE);
        Path here = dir.resolve("here.engine");
        plan.write(here);
        EngineCheck.Report ok = EngineCheck.check(here, true);
        assertTrue(ok.runsHere(), ok.items().toString());
        assertEquals(java.util.List.of("TensorRT", "GPU", "plugins", "load"), ok.items().stream().map(EngineCheck.Item::what).toList());

        EngineInfo i = plan.info();
        Path xavier = dir.resolve("xavier.engine");
        EngineFiles.write(xavier, plan.bytes(), new EngineInfo(i.formatVersion(), i.network(), i.networkOptions(), i.precision(),
                i.buildOptions(), i.inputs(), i.outputs(), i.tensorrtVersion(), "Xavier", "7.2", i.pluginLibraries(), null, null,
                i.buildTime(), i.buildSeconds()));
        EngineCheck.Report no = EngineCheck.check(xavier, true);
        assertFalse(no.runsHere());
        assertEquals("GPU", no.firstProblem().what());
        assertTrue(no.firstProblem().detail().contains("compute capability 7.2 (Xavier)"), no.firstProblem().detail());
    }
}
