package org.trt4j.plugins;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.layers.NetworkTranslator;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The plugin ops of a trt4j network, translated to TensorRT plugin layers, against the CPU backend. */
@Tag("gpu")
class PluginOpsTranslationGpuTest {
    @Test void mvsNetworkOnTensorRtMatchesCpuBackend() {
        Plugins.load();
        Network network = MvsPluginNetwork.build();
        Map<String, HostTensor> inputs = MvsPluginNetwork.inputs();
        Map<String, HostTensor> cpu = new CpuBackend().run(network, inputs);
        try (Engine engine = Engine.fromPlan(EngineBuilder.build("mvs-plugins", new NetworkTranslator(network),
                BuildOptions.defaults().withProgress(false)));
             ExecutionSession session = engine.newSession()) {
            inputs.forEach(session::setInput);
            session.run();
            float warp = Goldens.maxAbsDiff(session.output("warped").floats(), cpu.get("warped").floats());
            double inv = Goldens.maxRelativeDiff(session.output("proj_inv").floats(), cpu.get("proj_inv").floats(), 16);
            assertTrue(warp <= 1e-5f, "warp max abs diff " + warp);
            assertTrue(inv <= 1e-5, "inverse relative diff " + inv);
        }
    }
}
