package org.trt4j.runtime.nn;

/** torch.nn.ConvTranspose3d. */
public final class ConvTranspose3d extends ConvTransposeNd<ConvTranspose3d> {
    public ConvTranspose3d(String name, int inChannels, int outChannels, int kernel) { super(name, inChannels, outChannels, new int[]{kernel, kernel, kernel}); }

    public ConvTranspose3d(String name, int inChannels, int outChannels, int kernelD, int kernelH, int kernelW) {
        super(name, inChannels, outChannels, new int[]{kernelD, kernelH, kernelW});
    }
}
