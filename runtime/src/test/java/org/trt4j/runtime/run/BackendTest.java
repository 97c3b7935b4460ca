package org.trt4j.runtime.run;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.trt.Precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --backend and --precision read the same in every command. */
class BackendTest {
    @Test void backendsParseInAnyCase() {
        assertEquals(Backend.AUTO, Backend.parse("auto"));
        assertEquals(Backend.CPU, Backend.parse("CPU"));
        assertEquals(Backend.TENSORRT, Backend.parse("TensorRT"));
        assertFalse(Backend.CPU.useTensorRt(), "cpu never loads TensorRT");
        UserError e = assertThrows(UserError.class, () -> Backend.parse("trt"));
        assertTrue(e.getMessage().contains("'trt'") && e.getMessage().contains("auto, cpu, tensorrt"), e.getMessage());
    }

    @Test void precisionsParseInAnyCase() {
        assertEquals(Precision.FP16, Backend.parsePrecision("fp16"));
        assertEquals(Precision.TF32, Backend.parsePrecision("TF32"));
        UserError e = assertThrows(UserError.class, () -> Backend.parsePrecision("int8"));
        assertTrue(e.getMessage().contains("'int8'") && e.getMessage().contains("fp32, tf32, fp16"), e.getMessage());
    }
}
