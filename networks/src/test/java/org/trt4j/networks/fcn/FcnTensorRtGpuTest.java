package org.trt4j.networks.fcn;

import org.trt4j.networks.HashWeights;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.ShapeRange;
import org.trt4j.runtime.trt.layers.NetworkTranslator;
import org.trt4j.weights.npy.NpyArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trt4j.networks.fcn.FcnCpuParityTest.assertRelativeClose;
import static org.trt4j.networks.fcn.FcnCpuParityTest.golden;

/**
 * TensorRT engines of the full FCN-ResNet101 (torchvision keys, hash weights of fcn_reference.py) against torchvision:
 * FP32 logits and aux within 1e-3 relative at 1x3x64x64, and the in-engine argmax (TopK) at 1x3x256x256 against
 * torchvision's argmax, in FP32 and FP16, from one dynamic-shape engine per precision.
 */
@Tag("gpu")
class FcnTensorRtGpuTest {
    static final ShapeRange PROFILE = new ShapeRange(new int[]{1, 3, 64, 64}, new int[]{1, 3, 256, 256}, new int[]{1, 3, 256, 256});

    static Engine build(Precision precision) throws Exception {
        DefinedNetwork net = NetworkRegistry.define("fcn_resnet101", HashWeights.fromManifest("/golden/fcn/fcn_resnet101.keys.json"),
                Map.of("outputs", "both", "min", "64x64", "opt", "256x256", "max", "256x256"), Map.of());
        BuildOptions options = BuildOptions.defaults().withPrecision(precision).withProfile(FcnResNetFactory.INPUT, PROFILE);
        return Engine.fromPlan(EngineBuilder.build("fcn_resnet101", new NetworkTranslator(net.network()), options));
    }

    @Test void fp32LogitsAndArgmaxMatchTorchvision() throws Exception {
        Map<String, NpyArray> g = golden("fcn_resnet101");
        try (Engine engine = build(Precision.FP32); ExecutionSession session = engine.newSession()) {
            NpyArray input = g.get("input");
            session.setInput(FcnResNetFactory.INPUT, HostTensor.of(input.floats(), input.shape()));
            session.run();
            assertRelativeClose(g.get("out"), session.output(FcnResNetFactory.OUT), 1e-3, "TensorRT FP32 out");
            assertRelativeClose(g.get("aux"), session.output(FcnResNetFactory.AUX), 1e-3, "TensorRT FP32 aux");

            double agree = argmaxAgreement(session, g);
            assertTrue(agree >= 0.999, "FP32 argmax agrees with torchvision on " + agree + " of the pixels");
        }
    }

    /**
     * FP16 argmax. The hash weights leave some pixels with near-ties between their two best classes (torchvision's
     * margin below FP16's rounding of these logits), where either answer is right; the 99.9 % bar applies to the
     * pixels whose margin exceeds 2e-3, and all pixels must agree to 99 %. Both figures are printed.
     */
    @Test void fp16ArgmaxAgreesWithTorchvision() throws Exception {
        Map<String, NpyArray> g = golden("fcn_resnet101");
        try (Engine engine = build(Precision.FP16); ExecutionSession session = engine.newSession()) {
            double all = argmaxAgreement(session, g);
            int[] classes = session.output(FcnResNetFactory.CLASSES).ints();
            int[] expected = g.get("argmax256").ints();
            float[] margin = g.get("margin256").floats();
            int decisive = 0, agree = 0;
            for (int i = 0; i < expected.length; i++) {
                if (margin[i] < 2e-3f) continue;
                decisive++;
                if (classes[i] == expected[i]) agree++;
            }
            double decisiveAgreement = agree / (double) decisive;
            System.out.printf("fcn TensorRT FP16 argmax: %.5f of all pixels, %.5f of the %d pixels with margin >= 2e-3%n",
                    all, decisiveAgreement, decisive);
            assertTrue(decisiveAgreement >= 0.999, "FP16 argmax agrees on " + decisiveAgreement + " of the decisive pixels");
            assertTrue(all >= 0.99, "FP16 argmax agrees on " + all + " of all pixels");
        }
    }

    /** Runs the 256x256 hash input (fcn_reference.py's input256) and compares the classes output with torchvision's argmax. */
    static double argmaxAgreement(ExecutionSession session, Map<String, NpyArray> g) {
        float[] image = HashWeights.uniform("input256", 3 * 256 * 256, -2.0, 2.0);
        session.setInput(FcnResNetFactory.INPUT, HostTensor.of(image, 1, 3, 256, 256));
        session.run();
        HostTensor classes = session.output(FcnResNetFactory.CLASSES);
        assertArrayEquals(new int[]{1, 1, 256, 256}, classes.shape(), "classes shape");
        int[] expected = g.get("argmax256").ints(), got = classes.ints();
        int agree = 0;
        for (int i = 0; i < expected.length; i++) if (expected[i] == got[i]) agree++;
        double fraction = agree / (double) expected.length;
        System.out.printf("fcn argmax at 256x256: %.5f of the pixels agree with torchvision%n", fraction);
        return fraction;
    }
}
