package org.trt4j.runtime.trt.layers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Op;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The GPU test's fixtures, checked without a GPU: every group's network passes shape inference and runs on the CPU
 * backend for every run, and together the groups use every IR op (Plugin: {@link TranslationErrorGpuTest}).
 */
class OpGroupsTest {

    static Stream<OpGroup> groups() { return OpGroups.all().stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void everyGroupRunsOnTheCpuBackend(OpGroup group) {
        OpGroup.Built built = group.build();
        assertFalse(built.outputCase().isEmpty());
        for (int run = 0; run < group.runs(); run++) {
            Random random = new Random(1234 + run);
            Map<String, HostTensor> inputs = new LinkedHashMap<>();
            final int r = run;
            built.inputs().forEach((name, spec) -> inputs.put(name, spec.value(r, random)));
            Map<String, HostTensor> out = new CpuBackend().run(built.network(), inputs);
            assertEquals(built.outputCase().keySet(), out.keySet());
        }
    }

    @Test void theGroupsUseEveryIrOp() {
        Set<String> used = new HashSet<>();
        for (OpGroup g : OpGroups.all()) for (Layer l : g.build().network().layers()) used.add(l.op().getClass().getSimpleName());
        Set<String> missing = new TreeSet<>();
        for (Class<?> op : Op.class.getPermittedSubclasses())
            if (op != Op.Plugin.class && !used.contains(op.getSimpleName())) missing.add(op.getSimpleName());
        assertTrue(missing.isEmpty(), "IR ops without a GPU test case: " + missing);
    }
}
