package org.trt4j.plugins;

import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.EnginePlan;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.ShapeRange;
import org.trt4j.runtime.trt.layers.NetworkTranslator;

import java.util.List;

/** A network of one NMS plugin layer on inputs boxes [N, B, 4] and scores [N, B, C], N dynamic 1..maxBatch. */
final class NmsPluginNetwork {
    static final List<String> OUTPUTS = List.of("count", "det_boxes", "det_scores", "det_classes");

    private NmsPluginNetwork() {}

    static Network build(int b, int c, BatchedNms.Settings settings) {
        Network network = new Network("nms-plugin");
        try (Network.CurrentScope scope = network.makeCurrent()) {
            var boxes = network.addInput("boxes", DType.FLOAT, Shape.of(Shape.DYNAMIC, b, 4));
            var scores = network.addInput("scores", DType.FLOAT, Shape.of(Shape.DYNAMIC, b, c));
            PluginOps.Detections d = PluginOps.nonMaxSuppression(boxes, scores, settings);
            network.markOutput(OUTPUTS.get(0), d.count());
            network.markOutput(OUTPUTS.get(1), d.boxes());
            network.markOutput(OUTPUTS.get(2), d.scores());
            network.markOutput(OUTPUTS.get(3), d.classes());
        }
        return network;
    }

    static EnginePlan plan(int maxBatch, int b, int c, BatchedNms.Settings settings, Precision precision) {
        Plugins.load();
        BuildOptions options = BuildOptions.defaults().withPrecision(precision).withProgress(false)
                .withProfile("boxes", new ShapeRange(new int[] {1, b, 4}, new int[] {maxBatch, b, 4}, new int[] {maxBatch, b, 4}))
                .withProfile("scores", new ShapeRange(new int[] {1, b, c}, new int[] {maxBatch, b, c}, new int[] {maxBatch, b, c}));
        return EngineBuilder.build("nms-plugin", new NetworkTranslator(build(b, c, settings)), options);
    }

    /** The CPU reference's outputs, in {@link #OUTPUTS} order. */
    static HostTensor[] reference(float[] boxes, float[] scores, int n, int b, int c, BatchedNms.Settings settings) {
        return BatchedNms.apply(HostTensor.of(boxes, n, b, 4), HostTensor.of(scores, n, b, c), settings);
    }
}
