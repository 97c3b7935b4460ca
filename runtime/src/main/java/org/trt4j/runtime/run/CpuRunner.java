package org.trt4j.runtime.run;

import org.trt4j.error.UserError;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.quant.Int8Simulation;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Map;

/** Runs a network on the pure-Java CPU reference backend, in FP32 or as an INT8 simulation; holds no native memory. */
public final class CpuRunner implements Runner {
    private final Network network;
    private final CpuBackend backend = new CpuBackend();
    private final Int8Simulation int8;

    public CpuRunner(Network network) { this(network, null); }

    /** @param int8 the INT8 engine's numerics to run instead of FP32, or null */
    public CpuRunner(Network network, Int8Simulation int8) {
        this.network = network;
        this.int8 = int8;
    }

    @Override public Map<String, HostTensor> run(Map<String, HostTensor> inputs) {
        return int8 != null ? int8.run(inputs) : backend.run(network, inputs);
    }

    @Override public String describe() {
        return int8 != null ? "the CPU reference backend, INT8 simulated" : "the CPU reference backend";
    }

    @Override public int[] inputDims(String name) {
        for (Tensor t : network.inputs()) if (t.name().equals(name)) return t.shape().dims();
        throw new UserError("network " + network.name() + " has no input '" + name + "'; inputs: "
                + network.inputs().stream().map(Tensor::name).toList());
    }

    @Override public void close() {}
}
