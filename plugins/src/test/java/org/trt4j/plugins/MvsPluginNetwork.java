package org.trt4j.plugins;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.weights.npy.NpyArray;

import java.util.Map;

/** The MVS use of both plugins as a trt4j network: warp a feature map by a homography grid, invert projections. */
final class MvsPluginNetwork {
    private MvsPluginNetwork() {}

    static Network build() {
        Map<String, NpyArray> golden = Goldens.read("grid_sample_mvs");
        Network network = new Network("mvs-plugins");
        try (Network.CurrentScope scope = network.makeCurrent()) {
            Tensor x = network.addInput("x", DType.FLOAT, Shape.of(golden.get("input").shape()));
            Tensor grid = network.addInput("grid", DType.FLOAT, Shape.of(golden.get("grid").shape()));
            Tensor proj = network.addInput("proj", DType.FLOAT, Shape.of(golden.get("proj").shape()));
            network.markOutput("warped", PluginOps.gridSample(x, grid, "bilinear", "zeros", true));
            network.markOutput("proj_inv", PluginOps.inverse(proj));
        }
        return network;
    }

    static Map<String, HostTensor> inputs() {
        Map<String, NpyArray> golden = Goldens.read("grid_sample_mvs");
        return Map.of("x", Goldens.tensor(golden, "input"), "grid", Goldens.tensor(golden, "grid"), "proj", Goldens.tensor(golden, "proj"));
    }
}
