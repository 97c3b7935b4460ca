package org.trt4j.runtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.runtime.trt.EngineCheck;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.EngineInfo;
import org.trt4j.runtime.trt.TensorRt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** trt4j check on a machine without TensorRT (CI): the engine's facts, the reason, exit 1; a missing file is exit 2 material. */
class CheckCommandTest {
    @TempDir Path dir;

    @Test void withoutTensorRtTheReportSaysSoAndTheEngineCannotRun() throws Exception {
        assumeFalse(TensorRt.isAvailable(), "CompatibleEngineGpuTest covers machines with TensorRT");
        Path engine = dir.resolve("e.engine");
        EngineFiles.write(engine, new byte[]{1, 2}, new EngineInfo(1, "srcnn", Map.of(), "FP16", Map.of("hardwareCompatibility", "ampere+"),
                List.of(), List.of(), "10.6.0.26", "NVIDIA H100", "9.0", List.of(), null, null, null, 1.0));
        EngineCheck.Report report = EngineCheck.check(engine, true);
        assertFalse(report.runsHere());
        assertEquals("TensorRT", report.firstProblem().what());
        assertEquals("srcnn", report.sidecar().network());
        assertEquals(CheckCommand.CANNOT_RUN_EXIT, new picocli.CommandLine(new CheckCommand()).execute("--engine", engine.toString()));
    }

    @Test void aMissingEngineIsAUserError() {
        UserError e = assertThrows(UserError.class, () -> EngineCheck.check(dir.resolve("none.engine"), true));
        assertTrue(e.getMessage().endsWith("none.engine: engine file not found"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("none.engine")));
    }
}
