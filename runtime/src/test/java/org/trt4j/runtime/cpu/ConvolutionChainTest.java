package org.trt4j.runtime.cpu;

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

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** run() fuses conv → batch norm → activation chains; runAll() runs each layer: the same values either way. */
class ConvolutionChainTest {
    private final RandomWeights random = new RandomWeights(3);

    @Test
    void fusedChainsGiveTheValuesOfTheSeparateLayers() {
        Network net = new Network("chains", WeightMap.builder("test").build());
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(2, 16, 30, 30));
            // large enough for OpenBLAS (and Winograd): conv + bn + leaky
            Tensor a = F.leakyRelu(batchNorm(F.conv2d(x, random.weights("w1", 32, 16, 3, 3), random.weights("b1", 32), 1, 1, 1, 1), 32), 0.1f);
            // small (plain-Java GEMM): conv + relu, no bn
            Tensor b = F.relu(F.conv2d(a, random.weights("w2", 4, 32, 1, 1), null, 1, 0, 1, 1));
            // conv + bn whose bn output is also read by a sum: the bn is fused, the sum is not
            Tensor c = batchNorm(F.conv2d(a, random.weights("w3", 32, 32, 3, 3), null, 2, 1, 1, 1), 32);
            Tensor d = F.add(c, c);
            // a convolution that is itself an output is not fused with its activation
            Tensor e = F.conv2d(a, random.weights("w4", 6, 32, 3, 3), random.weights("b4", 6), 1, 1, 1, 1);
            net.markOutput("b", b);
            net.markOutput("d", d);
            net.markOutput("e", e);
            net.markOutput("e_relu", F.relu(e));
        }
        Map<Layer, ConvolutionChain> chains = ConvolutionChain.find(net);
        assertEquals(3, chains.size(), "conv1+bn+leaky, conv2+relu, conv3+bn");
        HostTensor x = HostTensor.of(random.values(2 * 16 * 30 * 30), 2, 16, 30, 30);
        CpuBackend backend = new CpuBackend();
        Map<String, HostTensor> fused = backend.run(net, Map.of("x", x));
        Map<Tensor, HostTensor> separate = backend.runAll(net, Map.of("x", x));
        for (Tensor t : net.outputs()) assertArrayEquals(separate.get(t).floats(), fused.get(t.name()).floats(), 1e-6f, t.name());
    }

    private Tensor batchNorm(Tensor x, int c) {
        float[] mean = random.values(c), var = new float[c];
        for (int i = 0; i < c; i++) var[i] = 0.5f + random.nextFloat();
        return F.batchNorm(x, Weights.of("bn.running_mean", mean, c), Weights.of("bn.running_var", var, c),
                Weights.of("bn.weight", random.values(c), c), Weights.of("bn.bias", random.values(c), c), 1e-5f);
    }
}
