package org.trt4j.runtime.run;

import org.trt4j.runtime.tensor.HostTensor;

import java.util.Map;

/** One way to run a defined network or an engine: the CPU reference backend or a TensorRT engine. */
public interface Runner extends AutoCloseable {

    /** Outputs by name for inputs by name (dynamic inputs take the shape of the tensor given). */
    Map<String, HostTensor> run(Map<String, HostTensor> inputs);

    /** Which backend, in words, for the user's "running on" line. */
    String describe();

    /** The declared dims of an input (-1 where dynamic); a UserError when there is no such input. */
    int[] inputDims(String name);

    @Override void close();
}
