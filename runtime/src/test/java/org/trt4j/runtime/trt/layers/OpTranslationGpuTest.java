package org.trt4j.runtime.trt.layers;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.EnginePlan;
import org.trt4j.runtime.trt.ExecutionSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every IR op through TensorRT against the CPU backend on the same seeded random inputs: each group of small cases is
 * one network, one engine build, FP32 with TF32 disabled (one group FP16), dynamic groups run at several shapes.
 * Failures list every case that disagrees, with the worst element.
 */
@Tag("gpu")
class OpTranslationGpuTest {

    static Stream<OpGroup> groups() { return OpGroups.all().stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void tensorRtMatchesTheCpuBackend(OpGroup group) {
        OpGroup.Built built = group.build();
        EnginePlan plan = EngineBuilder.build(group.name(), new NetworkTranslator(built.network()), group.options(built));
        List<String> failures = new ArrayList<>();
        int compared = 0;
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession()) {
            for (int run = 0; run < group.runs(); run++) {
                Random random = new Random(1234 + run);
                Map<String, HostTensor> inputs = new LinkedHashMap<>();
                for (Map.Entry<String, OpCase.Input> e : built.inputs().entrySet()) inputs.put(e.getKey(), e.getValue().value(run, random));
                Map<String, HostTensor> expected = new CpuBackend().run(built.network(), inputs);
                for (Map.Entry<String, HostTensor> e : inputs.entrySet()) session.setInput(e.getKey(), e.getValue());
                session.run();
                for (Map.Entry<String, OpCase> e : built.outputCase().entrySet()) {
                    String problem = compare(session.output(e.getKey()), expected.get(e.getKey()), e.getValue().tolerance());
                    if (problem != null) failures.add(e.getKey() + " (run " + run + "): " + problem);
                    compared++;
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + compared + " outputs differ from the CPU backend:\n  " + String.join("\n  ", failures));
    }

    /** Null when equal within tolerance (floating: |a - b| <= tol * max(1, |b|); integer/BOOL: exact), else why not. */
    static String compare(HostTensor got, HostTensor want, double tolerance) {
        if (!Arrays.equals(got.shape(), want.shape()))
            return "shape " + Shape.of(got.shape()) + ", CPU backend gives " + Shape.of(want.shape());
        if (want.dtype().isFloating()) {
            float[] a = got.asFloats(), b = want.asFloats();
            int worst = -1;
            double worstRatio = 0;
            for (int i = 0; i < a.length; i++) {
                double allowed = tolerance * Math.max(1.0, Math.abs(b[i]));
                double diff = Math.abs((double) a[i] - b[i]);
                boolean bad = diff > allowed || Double.isNaN(a[i]) != Double.isNaN(b[i]);
                if (bad && (worst < 0 || diff / allowed > worstRatio)) {
                    worst = i;
                    worstRatio = diff / allowed;
                }
            }
            return worst < 0 ? null : "element " + worst + " is " + a[worst] + ", CPU backend " + b[worst] + " (tolerance " + tolerance + ")";
        }
        float[] a = got.asFloats(), b = want.asFloats();
        for (int i = 0; i < a.length; i++)
            if (a[i] != b[i]) return "element " + i + " is " + a[i] + ", CPU backend " + b[i] + " (" + want.dtype() + ", exact)";
        return null;
    }
}
