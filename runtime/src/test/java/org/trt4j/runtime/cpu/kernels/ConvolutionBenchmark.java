package org.trt4j.runtime.cpu.kernels;

import org.trt4j.runtime.tensor.HostTensor;

import java.util.Random;

/**
 * Throughput of the convolution kernel on layer shapes of FCN-ResNet101 and YOLOv3 at 128×128 input, then the time
 * of all 106 convolutions of FCN-ResNet101 (dilated, output stride 8) at 128×128 (a program, not a test):
 * {@code java -cp runtime/target/classes:runtime/target/test-classes:weights-tools/target/classes
 * org.trt4j.runtime.cpu.kernels.ConvolutionBenchmark}.
 */
public final class ConvolutionBenchmark {
    private ConvolutionBenchmark() {}

    public static void main(String[] args) {
        // name, C, H, W, O, k, stride, pad, dilation
        Object[][] layers = {
                {"resnet stem 7x7/2", 3, 128, 128, 64, 7, 2, 3, 1},
                {"layer1 3x3", 64, 32, 32, 64, 3, 1, 1, 1},
                {"layer1 1x1 expand", 64, 32, 32, 256, 1, 1, 0, 1},
                {"layer3 1x1 reduce", 1024, 16, 16, 256, 1, 1, 0, 1},
                {"layer3 3x3 dil2", 256, 16, 16, 256, 3, 1, 2, 2},
                {"layer4 3x3 dil4", 512, 16, 16, 512, 3, 1, 4, 4},
                {"fcn head 3x3", 2048, 16, 16, 512, 3, 1, 1, 1},
                {"yolo 3x3 64->128 /2", 64, 64, 64, 128, 3, 2, 1, 1},
                {"yolo 3x3 512->1024", 512, 4, 4, 1024, 3, 1, 1, 1},
                {"yolo 3x3 32->64 @128", 32, 128, 128, 64, 3, 1, 1, 1},
        };
        Random random = new Random(1);
        for (Object[] l : layers) {
            int c = (int) l[1], h = (int) l[2], w = (int) l[3], o = (int) l[4], k = (int) l[5], s = (int) l[6], p = (int) l[7], d = (int) l[8];
            HostTensor x = HostTensor.of(randoms(random, c * h * w), 1, c, h, w);
            HostTensor wt = HostTensor.of(randoms(random, o * c * k * k), o, c, k, k);
            int[] ss = {s, s}, pp = {p, p}, dd = {d, d};
            HostTensor y = null;
            for (int i = 0; i < 3; i++) y = Convolution.convolution(x, wt, null, ss, pp, pp, dd, 1); // warm-up
            int reps = 5;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) y = Convolution.convolution(x, wt, null, ss, pp, pp, dd, 1);
            double sec = (System.nanoTime() - t0) / 1e9 / reps;
            double flops = 2.0 * y.size() * c * k * k;
            System.out.printf("%-24s %8.2f ms %7.2f GFLOP/s%n", l[0], sec * 1e3, flops / sec / 1e9);
        }
        fcnResNet101(random);
    }

    /** C, H(=W), O, k, stride, pad, dilation, count. */
    private static final int[][] FCN_RESNET101_128 = {
            {3, 128, 64, 7, 2, 3, 1, 1},
            {64, 32, 64, 1, 1, 0, 1, 1}, {256, 32, 64, 1, 1, 0, 1, 2}, {64, 32, 64, 3, 1, 1, 1, 3}, {64, 32, 256, 1, 1, 0, 1, 4},
            {256, 32, 128, 1, 1, 0, 1, 1}, {128, 32, 128, 3, 2, 1, 1, 1}, {256, 32, 512, 1, 2, 0, 1, 1},
            {512, 16, 128, 1, 1, 0, 1, 3}, {128, 16, 128, 3, 1, 1, 1, 3}, {128, 16, 512, 1, 1, 0, 1, 4},
            {512, 16, 256, 1, 1, 0, 1, 1}, {256, 16, 256, 3, 1, 1, 1, 1}, {512, 16, 1024, 1, 1, 0, 1, 1},
            {1024, 16, 256, 1, 1, 0, 1, 22}, {256, 16, 256, 3, 1, 2, 2, 22}, {256, 16, 1024, 1, 1, 0, 1, 23},
            {1024, 16, 512, 1, 1, 0, 1, 1}, {512, 16, 512, 3, 1, 2, 2, 1}, {1024, 16, 2048, 1, 1, 0, 1, 1},
            {2048, 16, 512, 1, 1, 0, 1, 2}, {512, 16, 512, 3, 1, 4, 4, 2}, {512, 16, 2048, 1, 1, 0, 1, 3},
            {2048, 16, 512, 3, 1, 1, 1, 1}, {512, 16, 21, 1, 1, 0, 1, 1},
    };

    private static void fcnResNet101(Random random) {
        double total = 0, flops = 0;
        int convs = 0;
        for (int[] l : FCN_RESNET101_128) {
            int c = l[0], h = l[1], o = l[2], k = l[3];
            HostTensor x = HostTensor.of(randoms(random, c * h * h), 1, c, h, h);
            HostTensor w = HostTensor.of(randoms(random, o * c * k * k), o, c, k, k);
            int[] ss = {l[4], l[4]}, pp = {l[5], l[5]}, dd = {l[6], l[6]};
            long t0 = System.nanoTime();
            HostTensor y = Convolution.convolution(x, w, null, ss, pp, pp, dd, 1);
            double sec = (System.nanoTime() - t0) / 1e9;
            total += sec * l[7];
            flops += 2.0 * y.size() * c * k * k * l[7];
            convs += l[7];
        }
        System.out.printf("FCN-ResNet101 @128x128: %d convolutions, %.1f GFLOP, %.2f s (%.2f GFLOP/s)%n", convs, flops / 1e9, total, flops / total / 1e9);
    }

    private static float[] randoms(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
        return v;
    }
}
