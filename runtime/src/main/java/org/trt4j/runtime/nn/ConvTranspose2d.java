package org.trt4j.runtime.nn;

/** torch.nn.ConvTranspose2d. */
public final class ConvTranspose2d extends ConvTransposeNd<ConvTranspose2d> {
    public ConvTranspose2d(String name, int inChannels, int outChannels, int kernel) { super(name, inChannels, outChannels, new int[]{kernel, kernel}); }

    public ConvTranspose2d(String name, int inChannels, int outChannels, int kernelH, int kernelW) { super(name, inChannels, outChannels, new int[]{kernelH, kernelW}); }
}
