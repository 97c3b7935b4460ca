package org.trt4j.runtime.quant;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.WeightMap;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where an INT8 translation puts Q/DQ pairs and with which scales (no GPU: the choice, not the engine): which sums
 * get one on their identity input, and which tensors share a scale across a concatenation.
 */
class Int8PlacementTest {
    private final Random random = new Random(5);

    @Test void theIdentityOfAConvolutionBranchIsQuantizedOtherSumsAreNot() {
        Network net = new Network("residual", WeightMap.builder("test").build());
        Tensor darknet, resnet, twoBranches, noConvolution;
        Tensor identity;
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, 8, 6, 6));
            identity = F.leakyRelu(F.conv2d(x, weights("w0", 8, 8, 3), weights("b0", 8), 1, 1, 1, 1), 0.1f);
            // Darknet's shortcut: identity + leaky(conv3x3(leaky(conv1x1(identity))))
            Tensor a = F.leakyRelu(F.conv2d(identity, weights("w1", 4, 8, 1), weights("b1", 4), 1, 0, 1, 1), 0.1f);
            Tensor b = F.leakyRelu(F.conv2d(a, weights("w2", 8, 4, 3), weights("b2", 8), 1, 1, 1, 1), 0.1f);
            darknet = F.add(b, identity);  // identity second, as ResNet writes it
            // ResNet's: relu(conv(darknet) + darknet), the conv output read through nothing
            resnet = F.relu(F.add(darknet, F.conv2d(darknet, weights("w3", 8, 8, 3), null, 1, 1, 1, 1)));
            // both branches convolution outputs (a downsampling block): neither is an identity
            twoBranches = F.add(F.conv2d(resnet, weights("w4", 8, 8, 1), null, 1, 0, 1, 1), F.conv2d(resnet, weights("w5", 8, 8, 1), null, 1, 0, 1, 1));
            // a calibrated tensor (a convolution reads it too) plus something that is no convolution's output
            noConvolution = F.add(twoBranches, F.maxPool2d(twoBranches, 3, 1, 1));
            net.markOutput("y", F.conv2d(noConvolution, weights("w6", 8, 8, 1), null, 1, 0, 1, 1));
            net.markOutput("z", F.conv2d(twoBranches, weights("w7", 8, 8, 1), null, 1, 0, 1, 1));
        }
        HostTensor sample = HostTensor.of(values(8 * 36), 1, 8, 6, 6);
        ActivationScales scales = Calibrator.calibrate(net, List.of(() -> Map.of("x", sample)), CalibrationMethod.MAX, 0, "test", null);
        Map<Tensor, Layer> producers = new HashMap<>();
        for (Layer l : net.layers()) for (Tensor t : l.outputs()) producers.put(t, l);
        Int8Placement placement = new Int8Placement(net, scales);
        assertEquals(1, placement.residualIdentity(producers.get(darknet)), "Darknet shortcut: the identity is input 1");
        Layer resnetSum = producers.get(producers.get(resnet).input(0));
        assertEquals(0, placement.residualIdentity(resnetSum), "ResNet sum: the identity is input 0");
        assertEquals(-1, placement.residualIdentity(producers.get(twoBranches)), "two convolution branches");
        assertEquals(-1, placement.residualIdentity(producers.get(noConvolution)), "no convolution branch");
        assertEquals(-1, placement.residualIdentity(producers.get(identity)), "not a sum");
    }

    @Test void tensorsJoinedByAConcatenationShareTheLargestScaleOthersKeepTheirOwn() {
        Network net = new Network("route", WeightMap.builder("test").build());
        Tensor route, lateral, upsampled, joined, alone;
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, 8, 8, 8));
            // YOLOv3's route: a backbone tensor read by the next convolution and, later, by a concatenation
            route = F.leakyRelu(F.conv2d(x, weights("w0", 8, 8, 3), weights("b0", 8), 1, 1, 1, 1), 0.1f);
            alone = F.leakyRelu(F.conv2d(route, weights("w1", 8, 8, 3), weights("b1", 8), 2, 1, 1, 1), 0.1f);
            // the head's lateral branch: also read by a convolution of its own, then upsampled x2 (nearest) and joined
            lateral = F.leakyRelu(F.conv2d(alone, weights("w2", 4, 8, 1), weights("b2", 4), 1, 0, 1, 1), 0.1f);
            net.markOutput("side", F.conv2d(lateral, weights("w3", 4, 4, 1), null, 1, 0, 1, 1));
            upsampled = F.interpolate(lateral, null, new float[] {2, 2}, "nearest", false);
            joined = F.cat(List.of(upsampled, route), 1);
            net.markOutput("y", F.conv2d(joined, weights("w4", 4, 12, 1), null, 1, 0, 1, 1));
        }
        HostTensor sample = HostTensor.of(values(8 * 64), 1, 8, 8, 8);
        ActivationScales scales = Calibrator.calibrate(net, List.of(() -> Map.of("x", sample)), CalibrationMethod.MAX, 0, "test", null);
        Int8Placement placement = new Int8Placement(net, scales);
        float shared = Math.max(scales.amax().get(joined.name()), Math.max(scales.amax().get(route.name()), scales.amax().get(lateral.name()))) / 127f;
        assertEquals(shared, placement.scale(joined), 0f, "the concatenation's reader");
        assertEquals(shared, placement.scale(route), 0f, "a concatenation input, read by a convolution too");
        assertEquals(shared, placement.scale(lateral), 0f, "joined through a nearest resize");
        assertNull(placement.scale(upsampled), "the resize's output is no convolution's input: not quantized");
        assertEquals(scales.scale(alone.name()), placement.scale(alone), 0f, "a tensor no concatenation joins keeps its scale");
        assertTrue(scales.amax().get(route.name()).floatValue() != scales.amax().get(lateral.name()), "the case needs unequal thresholds");
    }

    private Weights weights(String name, int out, int in, int k) { return Weights.of(name, values(out * in * k * k), out, in, k, k); }

    private Weights weights(String name, int count) { return Weights.of(name, values(count), count); }

    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian() * 0.3f;
        return v;
    }
}
