package org.trt4j.plugins;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.npy.NpyArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A network using both plugin ops runs on the CPU backend and matches PyTorch (MVS warp + projection inverse). */
class PluginOpsCpuBackendTest {
    @Test void mvsNetworkMatchesPyTorch() {
        Map<String, HostTensor> out = new CpuBackend().run(MvsPluginNetwork.build(), MvsPluginNetwork.inputs());
        Map<String, NpyArray> golden = Goldens.read("grid_sample_mvs");
        assertTrue(Goldens.maxAbsDiff(out.get("warped").floats(), golden.get("output").floats()) <= 1e-5f);
        assertTrue(Goldens.maxRelativeDiff(out.get("proj_inv").floats(), golden.get("proj_inv").floats(), 16) <= 1e-5);
    }
}
