package org.trt4j.plugins;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.tensor.HostTensor;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the CPU backend, TensorRT's native grid sample op (F.gridSample, Op.GridSample) and the trt4j::GridSample plugin
 * (zeros padding, bilinear) give identical values, for both align_corners settings, with grid points inside, on the
 * border and outside the input, and non-finite ones.
 */
class NativeGridSampleCpuTest {
    @Test void nativeOpEqualsThePluginReference() {
        for (boolean alignCorners : new boolean[]{false, true}) {
            Network net = new Network("grid_sample_parity");
            try (var current = net.makeCurrent()) {
                Tensor x = net.addInput("x", DType.FLOAT, Shape.of(2, 3, 7, 9));
                Tensor grid = net.addInput("grid", DType.FLOAT, Shape.of(2, 5, 11, 2));
                net.markOutput("native", F.gridSample(x, grid, alignCorners));
                net.markOutput("plugin", PluginOps.gridSample(x, grid, GridSample.Mode.BILINEAR, GridSample.Padding.ZEROS, alignCorners));
            }
            Random r = new Random(7);
            float[] x = new float[2 * 3 * 7 * 9], grid = new float[2 * 5 * 11 * 2];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
            for (int i = 0; i < grid.length; i++) grid[i] = r.nextFloat() * 2.6f - 1.3f;
            grid[0] = -1f;
            grid[1] = 1f;
            grid[2] = Float.NaN;
            grid[5] = Float.POSITIVE_INFINITY;
            Map<String, HostTensor> out = new CpuBackend().run(net, Map.of("x", HostTensor.of(x, 2, 3, 7, 9), "grid", HostTensor.of(grid, 2, 5, 11, 2)));
            float[] nativeValues = out.get("native").floats(), pluginValues = out.get("plugin").floats();
            assertArrayEquals(pluginValues, nativeValues, 0f, "align_corners=" + alignCorners);
            int zeros = 0;
            for (float v : nativeValues) if (v == 0f) zeros++;
            assertTrue(zeros > 0 && zeros < nativeValues.length, "some points sample the zero padding, most do not: " + zeros);
        }
    }
}
