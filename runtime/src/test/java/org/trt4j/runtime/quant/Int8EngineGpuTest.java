package org.trt4j.runtime.quant;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.EnginePlan;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.ShapeRange;
import org.trt4j.runtime.trt.layers.NetworkTranslator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An INT8 engine by explicit quantization: built from Java-calibrated scales, its convolutions run as INT8 kernels
 * (TensorRT's layer information says so) and its output stays close to the FP32 CPU reference.
 */
@Tag("gpu")
class Int8EngineGpuTest {

    @Test void calibratedInt8EngineRunsInt8ConvolutionsAndTracksFp32() throws Exception {
        DefinedNetwork net = CalibratorTest.tiny();
        List<Supplier<Map<String, HostTensor>>> samples = new ArrayList<>();
        for (int s = 0; s < 4; s++) { int seed = s; samples.add(() -> Map.of("x", CalibratorTest.sample(seed))); }
        ActivationScales scales = Calibrator.calibrate(net.network(), samples, CalibrationMethod.MAX, 0, "gpu-test", null);
        // verbose: on the H100 (visits 13 and 14) this build spins in buildSerializedNetwork (one core busy, no message
        // at WARNING) while the same tiny network builds in FP32 and passed in INT8 on the H200 (visit 8); the log shows where
        BuildOptions options = BuildOptions.defaults().withProgress(false).withVerbose(true)
                .withProfile("x", ShapeRange.parse("1x3x8x10:1x3x8x10:1x3x8x10")).withInt8(scales);
        EnginePlan plan = EngineBuilder.build("tiny-int8", new NetworkTranslator(net.network(), scales), options);
        assertEquals("INT8", plan.info().precision());
        HostTensor x = CalibratorTest.sample(1);
        Map<String, HostTensor> reference = new CpuBackend().run(net.network(), Map.of("x", x));
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession()) {
            String layers = engine.layerInformationJson();
            assertTrue(layers.contains("Int8") || layers.contains("INT8"), "no INT8 layer in " + layers);
            session.setInputShape("x", 1, 3, 8, 10).setInput("x", x.floats());
            session.run();
            for (var e : reference.entrySet()) {
                float[] want = e.getValue().asFloats(), got = session.output(e.getKey()).asFloats();
                double range = 0, worst = 0;
                for (float v : want) range = Math.max(range, Math.abs(v));
                for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
                assertTrue(worst <= 0.05 * range, e.getKey() + ": INT8 differs from FP32 by " + worst + " of " + range);
                assertTrue(worst > 0, e.getKey() + ": bit-identical to FP32, so nothing was quantized");
            }
        }
    }
}
