package org.trt4j.runtime.run;

import org.trt4j.error.UserError;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Map;

/** Runs a network on the pure-Java CPU reference backend; holds no native memory. */
public final class CpuRunner implements Runner {
    private final Network network;
    private final CpuBackend backend = new CpuBackend();

    public CpuRunner(Network network) { this.network = network; }

    @Override public Map<String, HostTensor> run(Map<String, HostTensor> inputs) { return backend.run(network, inputs); }

    @Override public String describe() { return "the CPU reference backend"; }

    @Override public int[] inputDims(String name) {
        for (Tensor t : network.inputs()) if (t.name().equals(name)) return t.shape().dims();
        throw new UserError("network " + network.name() + " has no input '" + name + "'; inputs: "
                + network.inputs().stream().map(Tensor::name).toList());
    }

    @Override public void close() {}
}
