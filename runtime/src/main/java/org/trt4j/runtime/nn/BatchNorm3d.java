package org.trt4j.runtime.nn;

/** torch.nn.BatchNorm3d (NCDHW), folded to a Scale layer. */
public final class BatchNorm3d extends BatchNorm<BatchNorm3d> {
    public BatchNorm3d(String name, int numFeatures) { super(name, numFeatures); }
}
