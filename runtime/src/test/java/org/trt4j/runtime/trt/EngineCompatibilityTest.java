package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class EngineCompatibilityTest {

    @Test void aPlainPlanLoadsOnlyInItsOwnRelease() {
        assertNull(EngineCompatibility.tensorRtProblem("10.6.0.26", "10.6.0.26", false));
        assertNull(EngineCompatibility.tensorRtProblem("10.6.0.26", "10.6.0.99", false), "the build number does not matter");
        String later = EngineCompatibility.tensorRtProblem("10.6.0.26", "10.7.0.23", false);
        assertTrue(later.contains("10.6.0.26") && later.contains("10.7.0.23") && later.contains("--version-compatible"), later);
    }

    @Test void aVersionCompatiblePlanLoadsInLaterReleasesOfItsMajorOnly() {
        assertNull(EngineCompatibility.tensorRtProblem("10.6.0.26", "10.7.0.23", true));
        assertNull(EngineCompatibility.tensorRtProblem("10.6.0.26", "10.6.0.26", true));
        assertTrue(EngineCompatibility.tensorRtProblem("10.6.0.26", "10.5.0.18", true).contains("or later"));
        assertNotNull(EngineCompatibility.tensorRtProblem("10.6.0.26", "11.0.0.1", true));
    }

    @Test void unreadableVersionsMustBeEqual() {
        assertNull(EngineCompatibility.tensorRtProblem("dev", "dev", false));
        assertNotNull(EngineCompatibility.tensorRtProblem("dev", "10.6.0.26", true));
        assertNull(EngineCompatibility.tensorRtProblem(null, "10.6.0.26", false), "no record: TensorRT decides");
    }

    @Test void gpuRules() {
        assertNull(EngineCompatibility.gpuProblem("9.0", "H100", "9.0", "H100 NVL", false));
        String other = EngineCompatibility.gpuProblem("9.0", "H100", "8.7", "Orin", false);
        assertTrue(other.contains("9.0") && other.contains("8.7") && other.contains("ampere+"), other);
        assertNull(EngineCompatibility.gpuProblem("9.0", "H100", "8.6", "RTX 3090", true));
        assertTrue(EngineCompatibility.gpuProblem("9.0", "H100", "7.5", "T4", true).contains("8.0 or higher"));
    }

    @Test void theSidecarEntriesReadBack() {
        for (Compatibility c : new Compatibility[] {Compatibility.NONE, new Compatibility(true, false), new Compatibility(false, true),
                new Compatibility(true, true), new Compatibility(true, true, false), new Compatibility(true, true, true)})
            assertEquals(c, Compatibility.of(c.describe()));
        assertEquals(Compatibility.NONE, Compatibility.of(Map.of("precision", "FP16")), "sidecars from before the option");
        assertEquals(Map.of(), Compatibility.NONE.describe(), "plain plans' sidecars and cache keys are unchanged");
        assertEquals("true (lean runtime excluded)", new Compatibility(true, true, false).describe().get("versionCompatible"));
        assertFalse(Compatibility.of(new Compatibility(true, false).describe()).leanRuntimeExcluded());
    }

    @Test void excludingTheLeanRuntimeNeedsVersionCompatibility() {
        org.trt4j.error.UserError e = assertThrows(org.trt4j.error.UserError.class, () -> new Compatibility(false, true, false));
        assertTrue(e.getMessage().contains("--exclude-lean-runtime needs --version-compatible"), e.getMessage());
    }

    @Test void aNamedLeanRuntimeMustExist() throws Exception {
        java.nio.file.Path missing = java.nio.file.Files.createTempDirectory("lean").resolve("libnvinfer_lean.so.10");
        String before = System.getProperty(TensorRt.LEAN_RUNTIME_PROPERTY);
        System.setProperty(TensorRt.LEAN_RUNTIME_PROPERTY, missing.toString());
        try {
            org.trt4j.error.UserError e = assertThrows(org.trt4j.error.UserError.class, TensorRt::leanRuntimeToLoad);
            assertEquals(missing + ": no such lean runtime (named by -Dtrt4j.leanRuntime)", e.getMessage());
            java.nio.file.Files.write(missing, new byte[] {1});
            assertEquals(missing, TensorRt.leanRuntimeToLoad());
        } finally {
            if (before == null) System.clearProperty(TensorRt.LEAN_RUNTIME_PROPERTY);
            else System.setProperty(TensorRt.LEAN_RUNTIME_PROPERTY, before);
        }
    }
}
