package org.trt4j.runtime.nn;

/** torch.nn.Conv3d. */
public final class Conv3d extends ConvNd<Conv3d> {
    public Conv3d(String name, int inChannels, int outChannels, int kernel) { this(name, inChannels, outChannels, kernel, kernel, kernel); }

    public Conv3d(String name, int inChannels, int outChannels, int kernelD, int kernelH, int kernelW) {
        super(name, inChannels, outChannels, new int[]{kernelD, kernelH, kernelW});
    }
}
