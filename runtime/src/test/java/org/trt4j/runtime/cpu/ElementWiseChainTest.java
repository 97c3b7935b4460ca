package org.trt4j.runtime.cpu;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.WeightMap;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** run() activates a residual sum in place; runAll() runs the sum and the activation separately: the same values. */
class ElementWiseChainTest {
    private final RandomWeights random = new RandomWeights(5);

    @Test
    void activatedSumsGiveTheValuesOfTheSeparateLayers() {
        Network net = new Network("sums", WeightMap.builder("test").build());
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, 16, 20, 20));
            Tensor a = F.conv2d(x, random.weights("w1", 16, 16, 3, 3), random.weights("b1", 16), 1, 1, 1, 1);
            Tensor r = F.relu(F.add(a, x)); // fused: the sum's only reader is the ReLU
            Tensor sum = F.add(r, a);
            Tensor kept = F.relu(sum); // not fused: the sum is also an output
            Tensor twice = F.add(r, r);
            Tensor both = F.add(F.relu(twice), F.sigmoid(twice)); // not fused: two readers
            net.markOutput("kept_out", kept);
            net.markOutput("sum_out", sum);
            net.markOutput("both_out", F.leakyRelu(both, 0.1f)); // fused with a leaky ReLU
        }
        assertEquals(2, ElementWiseChain.find(net).size(), "relu(a + x) and leaky(relu + sigmoid)");
        CpuBackend backend = new CpuBackend();
        for (int round = 0; round < 2; round++) {
            HostTensor x = HostTensor.of(random.values(16 * 20 * 20), 1, 16, 20, 20);
            Map<String, HostTensor> fused = backend.run(net, Map.of("x", x));
            Map<Tensor, HostTensor> separate = backend.runAll(net, Map.of("x", x));
            for (Tensor t : net.outputs()) assertArrayEquals(separate.get(t).floats(), fused.get(t.name()).floats(), t.name());
        }
    }
}
