package org.trt4j.runtime.run;

import org.trt4j.error.UserError;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.TensorRt;

import java.util.Locale;

/** Where a network runs: {@code --backend auto|cpu|tensorrt}, parsed and decided here for every command. */
public enum Backend {
    AUTO, CPU, TENSORRT;

    /** cpu: never; tensorrt: always (an error saying why if TensorRT cannot load); auto: when TensorRT loads. */
    public boolean useTensorRt() {
        return switch (this) {
            case CPU -> false;
            case TENSORRT -> {
                TensorRt.require();
                yield true;
            }
            case AUTO -> TensorRt.isAvailable();
        };
    }

    /** Why the CPU runs, for the user line (only meaningful when {@link #useTensorRt()} is false). */
    String whyCpu() { return this == CPU ? "as asked" : "no GPU with TensorRT here"; }

    /** {@code --backend} text: auto, cpu or tensorrt, any case. */
    public static Backend parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--backend '" + text + "' is not one of auto, cpu, tensorrt");
        }
    }

    /** {@code --precision} text: fp32, tf32 or fp16, any case. */
    public static Precision parsePrecision(String text) {
        Precision p;
        try {
            p = Precision.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--precision '" + text + "' is not one of fp32, tf32, fp16");
        }
        // INT8 needs calibration data, which only the engine-building commands take
        if (p == Precision.INT8)
            throw new UserError("--precision '" + text + "' is not one of fp32, tf32, fp16: INT8 engines come from "
                    + "trt4j build NETWORK --weights W --int8 --calib DIR --out E.engine");
        return p;
    }
}
