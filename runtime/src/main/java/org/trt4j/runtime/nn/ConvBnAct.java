package org.trt4j.runtime.nn;

import org.trt4j.runtime.graph.Tensor;

import java.util.function.UnaryOperator;

/**
 * Convolution, batch norm, activation: the common block. The children keep their own names, so the keys follow the
 * PyTorch source: e.g. ultralytics' {@code conv}/{@code bn}, or a Sequential's {@code 0}/{@code 1} via
 * {@link #sequential}, or Darknet's {@code Conv2d}/{@code BatchNorm2d}. The batch norm may be null (a convolution with
 * bias); the activation (null for none) is applied under this block's path.
 */
public final class ConvBnAct extends Module {
    private final Module conv, bn;
    private final UnaryOperator<Tensor> activation;

    public ConvBnAct(String name, Module conv, Module bn, UnaryOperator<Tensor> activation) {
        super(name);
        this.conv = add(conv);
        this.bn = bn == null ? null : add(bn);
        this.activation = activation;
    }

    /** nn.Sequential(Conv2d(k, stride, padding k/2, bias=False) as "0", BatchNorm2d as "1", activation). */
    public static ConvBnAct sequential(String name, int in, int out, int kernel, int stride, UnaryOperator<Tensor> activation) {
        return new ConvBnAct(name, new Conv2d("0", in, out, kernel).stride(stride).padding(kernel / 2).bias(false), new BatchNorm2d("1", out), activation);
    }

    @Override protected Tensor forward(Tensor x) {
        Tensor y = conv.call(x);
        if (bn != null) y = bn.call(y);
        return activation == null ? y : activation.apply(y);
    }
}
