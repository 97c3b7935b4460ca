package org.trt4j.runtime.nn;

import org.trt4j.runtime.graph.Tensor;

/**
 * torch.nn.BatchNorm1d/2d/3d in inference mode, folded into one per-channel Scale layer. Keys: {@code weight},
 * {@code bias} (unless affine=false), {@code running_mean}, {@code running_var}; {@code num_batches_tracked} is
 * accepted and ignored.
 */
public abstract class BatchNorm<T extends BatchNorm<T>> extends Module {
    private final int numFeatures;
    private float eps = 1e-5f;
    private boolean affine = true;

    protected BatchNorm(String name, int numFeatures) {
        super(name);
        this.numFeatures = numFeatures;
    }

    @SuppressWarnings("unchecked") private T self() { return (T) this; }

    public T eps(float e) { eps = e; return self(); }

    public T affine(boolean a) { affine = a; return self(); }

    @Override protected Tensor forward(Tensor x) {
        ignoreWeight("num_batches_tracked");
        return F.batchNorm("", x, weight("running_mean", numFeatures), weight("running_var", numFeatures),
                affine ? weight("weight", numFeatures) : null, affine ? weight("bias", numFeatures) : null, eps);
    }
}
