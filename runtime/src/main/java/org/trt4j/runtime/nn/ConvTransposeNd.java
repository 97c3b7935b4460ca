package org.trt4j.runtime.nn;

import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;

/** torch.nn.ConvTranspose2d/3d: keys {@code weight} [in, out/groups, k...] and {@code bias} [out]. */
public abstract class ConvTransposeNd<T extends ConvTransposeNd<T>> extends ConvNd<T> {
    protected int[] outputPadding;

    protected ConvTransposeNd(String name, int inChannels, int outChannels, int[] kernel) {
        super(name, inChannels, outChannels, kernel);
        outputPadding = new int[kernel.length];
    }

    @SuppressWarnings("unchecked")
    public T outputPadding(int... p) { outputPadding = perDim(p, "output padding"); return (T) this; }

    @Override protected Tensor forward(Tensor x) {
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new IllegalArgumentException(path() + ": channels " + inChannels + "->" + outChannels + " not divisible by groups " + groups);
        Weights w = weight("weight", weightShape(inChannels, outChannels / groups));
        Weights b = bias ? weight("bias", outChannels) : null;
        return F.deconv("", x, w, b, stride, padding, padding, outputPadding, dilation, groups);
    }
}
