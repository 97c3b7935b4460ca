package org.trt4j.runtime.cpu;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.cpu.kernels.ArrayPool;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.WeightMap;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** run() hands dead tensors' arrays back to the kernels' pool: never one a live tensor or the caller still holds. */
class ArrayPoolTest {
    private final RandomWeights random = new RandomWeights(11);

    @Test
    void arraysNotIssuedByThePoolAreNotTakenIn() {
        float[] mine = new float[1000];
        ArrayPool.give(mine);
        assertFalse(ArrayPool.issued(mine));
    }

    @Test
    void repeatedRunsGiveTheValuesOfRunAllAndLeaveEarlierOutputsAlone() {
        Network net = new Network("pool", WeightMap.builder("test").build());
        try (var s = net.makeCurrent()) {
            Tensor x = net.addInput("x", DType.FLOAT, Shape.of(1, 16, 24, 24));
            Tensor a = F.conv2d(x, random.weights("w1", 32, 16, 3, 3), random.weights("b1", 32), 1, 1, 1, 1); // OpenBLAS, pooled
            Tensor flat = F.reshape(a, 1, 32 * 24 * 24); // shares a's array: a's death must not free it
            Tensor b = F.relu(F.conv2d(a, random.weights("w2", 32, 32, 1, 1), null, 1, 0, 1, 1)); // 1x1, pooled
            Tensor c = F.add(b, F.conv2d(b, random.weights("w3", 32, 32, 3, 3), null, 1, 1, 1, 1)); // sum, pooled
            Tensor d = F.conv2d(c, random.weights("w4", 32, 32, 3, 3), random.weights("b4", 32), 1, 1, 1, 1);
            net.markOutput("flat", F.add(flat, flat));
            net.markOutput("flat_view", flat);
            net.markOutput("d", d);
        }
        CpuBackend backend = new CpuBackend();
        HostTensor x1 = HostTensor.of(random.values(16 * 24 * 24), 1, 16, 24, 24), x2 = HostTensor.of(random.values(16 * 24 * 24), 1, 16, 24, 24);
        Map<Tensor, HostTensor> expected1 = backend.runAll(net, Map.of("x", x1)), expected2 = backend.runAll(net, Map.of("x", x2));
        Map<String, HostTensor> first = backend.run(net, Map.of("x", x1));
        float[][] kept = new float[net.outputs().size()][];
        for (int i = 0; i < kept.length; i++) kept[i] = first.get(net.outputs().get(i).name()).floats().clone();
        for (int round = 0; round < 3; round++) {
            HostTensor in = round % 2 == 0 ? x2 : x1;
            Map<Tensor, HostTensor> expected = round % 2 == 0 ? expected2 : expected1;
            Map<String, HostTensor> got = backend.run(net, Map.of("x", in));
            for (Tensor t : net.outputs()) assertArrayEquals(expected.get(t).floats(), got.get(t.name()).floats(), 1e-6f, t.name() + " round " + round);
        }
        for (int i = 0; i < kept.length; i++) {
            Tensor t = net.outputs().get(i);
            assertArrayEquals(kept[i], first.get(t.name()).floats(), t.name() + " of the first run changed");
            assertArrayEquals(expected1.get(t).floats(), kept[i], 1e-6f, t.name());
        }
    }

    @Test
    void anEarlierRunsOutputFedBackInIsNotRecycled() {
        Network net = new Network("recurrent", WeightMap.builder("test").build());
        try (var s = net.makeCurrent()) {
            Tensor state = net.addInput("state", DType.FLOAT, Shape.of(1, 16, 24, 24));
            Tensor flat = F.reshape(state, 1, 16 * 24 * 24); // the input's last reader: its alias dies later
            Tensor next = F.conv2d(F.reshape(flat, 1, 16, 24, 24), random.weights("w", 16, 16, 3, 3), null, 1, 1, 1, 1);
            net.markOutput("state_out", F.relu(F.conv2d(next, random.weights("w2", 16, 16, 3, 3), null, 1, 1, 1, 1)));
        }
        CpuBackend backend = new CpuBackend();
        HostTensor s0 = HostTensor.of(random.values(16 * 24 * 24), 1, 16, 24, 24);
        HostTensor s1 = backend.run(net, Map.of("state", s0)).get("state_out");
        float[] s1Copy = s1.floats().clone();
        HostTensor s2 = backend.run(net, Map.of("state", s1)).get("state_out");
        backend.run(net, Map.of("state", s2));
        assertArrayEquals(s1Copy, s1.floats(), "the state the caller fed back was overwritten");
    }
}
