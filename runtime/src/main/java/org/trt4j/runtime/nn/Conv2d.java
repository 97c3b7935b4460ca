package org.trt4j.runtime.nn;

/** torch.nn.Conv2d. */
public final class Conv2d extends ConvNd<Conv2d> {
    public Conv2d(String name, int inChannels, int outChannels, int kernel) { this(name, inChannels, outChannels, kernel, kernel); }

    public Conv2d(String name, int inChannels, int outChannels, int kernelH, int kernelW) { super(name, inChannels, outChannels, new int[]{kernelH, kernelW}); }
}
