package org.trt4j.runtime.cli;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineTensor;
import org.trt4j.runtime.trt.ExecutionSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Feeds an engine session from --input / --shape: files, random values, shape-tensor values (default: the profile's opt). */
final class EngineInputs {
    private EngineInputs() {}

    /** Sets every input of the session; returns the data inputs given. */
    static Map<String, HostTensor> feed(Engine engine, ExecutionSession session, InputValues values, Map<String, Shape> shapes) {
        List<String> names = engine.inputs().stream().map(EngineTensor::name).toList();
        values.checkNames(names);
        for (String n : shapes.keySet())
            if (!names.contains(n)) throw new org.trt4j.error.UserError("--shape " + n + ": no such input; inputs: " + names);
        Map<String, HostTensor> fed = new LinkedHashMap<>();
        for (EngineTensor t : engine.inputs()) {
            if (t.shapeTensor()) {
                int[] v = values.isGiven(t.name()) ? values.tensor(t.name(), t.dtype(), t.shape(), t.shape()).ints() : t.valueProfile().opt();
                session.setShapeValues(t.name(), v);
                continue;
            }
            int[] shape = shapes.containsKey(t.name()) ? shapes.get(t.name()).dims()
                    : t.profile() != null ? t.profile().opt() : t.shape();
            HostTensor x = values.tensor(t.name(), t.dtype(), t.shape(), shape);
            session.setInput(t.name(), x);
            fed.put(t.name(), x);
        }
        return fed;
    }
}
