package org.trt4j.runtime.trt;

import org.bytedeco.tensorrt.global.nvinfer.ActivationType;
import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.nvinfer.IActivationLayer;
import org.bytedeco.tensorrt.nvinfer.IConvolutionLayer;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.ITensor;

/**
 * The GPU tests' network, written straight against INetworkDefinition: input [N, 2, H, W] -> 3x3 convolution
 * (4 output channels, padding 1, fixed weights and bias) -> ReLU -> output. {@link #expected} computes the same in Java.
 */
final class TinyConvNet implements TrtNetworkEmitter {
    static final int IN_CHANNELS = 2, OUT_CHANNELS = 4, K = 3;
    static final String INPUT = "input", OUTPUT = "output";

    private final int[] inputShape; // -1 for dynamic dimensions
    private final DataType ioType;

    TinyConvNet(int... inputShape) { this(DataType.kFLOAT, inputShape); }

    TinyConvNet(DataType ioType, int... inputShape) {
        this.ioType = ioType;
        this.inputShape = inputShape.clone();
    }

    static float[] weights() {
        float[] w = new float[OUT_CHANNELS * IN_CHANNELS * K * K];
        for (int i = 0; i < w.length; i++) w[i] = (float) Math.sin(0.7 * i + 0.3) * 0.5f;
        return w;
    }

    static float[] bias() {
        float[] b = new float[OUT_CHANNELS];
        for (int i = 0; i < b.length; i++) b[i] = 0.1f * (i - 1.5f);
        return b;
    }

    /** Deterministic input values in [-1, 1]. */
    static float[] input(int n, int h, int w, int seed) {
        float[] x = new float[n * IN_CHANNELS * h * w];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.cos(0.37 * i + seed);
        return x;
    }

    @Override public void emit(INetworkDefinition network, TrtKeepAlive keepAlive) {
        ITensor in = network.addInput(INPUT, ioType, TrtTypes.dims(inputShape));
        if (in == null) throw new IllegalStateException("addInput failed");
        IConvolutionLayer conv = network.addConvolutionNd(in, OUT_CHANNELS, TrtTypes.dims(new int[] {K, K}),
                keepAlive.floats(weights()), keepAlive.floats(bias()));
        if (conv == null) throw new IllegalStateException("addConvolutionNd failed");
        conv.setName("conv");
        conv.setPaddingNd(TrtTypes.dims(new int[] {1, 1}));
        IActivationLayer relu = network.addActivation(conv.getOutput(0), ActivationType.kRELU);
        if (relu == null) throw new IllegalStateException("addActivation failed");
        relu.setName("relu");
        ITensor out = relu.getOutput(0);
        out.setName(OUTPUT);
        out.setType(ioType);
        network.markOutput(out);
    }

    /** conv3x3(pad 1) + bias, then ReLU, in float64 accumulation. */
    static float[] expected(float[] x, int n, int h, int w) {
        float[] wt = weights(), b = bias();
        float[] y = new float[n * OUT_CHANNELS * h * w];
        for (int ni = 0; ni < n; ni++)
            for (int o = 0; o < OUT_CHANNELS; o++)
                for (int r = 0; r < h; r++)
                    for (int c = 0; c < w; c++) {
                        double acc = b[o];
                        for (int i = 0; i < IN_CHANNELS; i++)
                            for (int kr = 0; kr < K; kr++)
                                for (int kc = 0; kc < K; kc++) {
                                    int rr = r + kr - 1, cc = c + kc - 1;
                                    if (rr < 0 || rr >= h || cc < 0 || cc >= w) continue;
                                    acc += (double) wt[((o * IN_CHANNELS + i) * K + kr) * K + kc] * x[((ni * IN_CHANNELS + i) * h + rr) * w + cc];
                                }
                        y[((ni * OUT_CHANNELS + o) * h + r) * w + c] = (float) Math.max(acc, 0);
                    }
        return y;
    }

    static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        float m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
