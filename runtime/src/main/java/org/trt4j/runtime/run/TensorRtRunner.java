package org.trt4j.runtime.run;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineTensor;
import org.trt4j.runtime.trt.ExecutionSession;

import java.util.Map;

/**
 * Runs a TensorRT engine through one execution session. Owns both: closing the runner closes the session, then the
 * engine. {@link #engine()} and {@link #session()} are there for code that binds device tensors or times the GPU.
 */
public final class TensorRtRunner implements Runner {
    private final Engine engine;
    private final ExecutionSession session;
    private final String description;

    /** Takes ownership of {@code engine} (closed here also when the session cannot be made). */
    public TensorRtRunner(Engine engine, String description) {
        this.engine = engine;
        this.description = description;
        try {
            this.session = engine.newSession();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    @Override public Map<String, HostTensor> run(Map<String, HostTensor> inputs) {
        for (var e : inputs.entrySet()) session.setInput(e.getKey(), e.getValue());
        session.run();
        return session.outputs();
    }

    @Override public String describe() { return description; }

    @Override public int[] inputDims(String name) {
        for (EngineTensor t : engine.inputs()) if (t.name().equals(name)) return t.shape();
        throw new UserError(engine.source() + ": no input named '" + name + "'; inputs: " + engine.inputs().stream().map(EngineTensor::name).toList());
    }

    public Engine engine() { return engine; }

    public ExecutionSession session() { return session; }

    @Override public void close() {
        try {
            session.close();
        } finally {
            engine.close();
        }
    }
}
