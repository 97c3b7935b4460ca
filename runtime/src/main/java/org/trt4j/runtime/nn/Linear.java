package org.trt4j.runtime.nn;

import org.trt4j.runtime.graph.Tensor;

/** torch.nn.Linear: keys {@code weight} [out, in], {@code bias} [out]; x [..., in] → [..., out]. */
public final class Linear extends Module {
    private final int inFeatures, outFeatures;
    private boolean bias = true;

    public Linear(String name, int inFeatures, int outFeatures) {
        super(name);
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
    }

    public Linear bias(boolean b) { bias = b; return this; }

    @Override protected Tensor forward(Tensor x) {
        return F.linear("", x, weight("weight", outFeatures, inFeatures), bias ? weight("bias", outFeatures) : null);
    }
}
