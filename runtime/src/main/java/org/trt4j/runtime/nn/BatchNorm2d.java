package org.trt4j.runtime.nn;

/** torch.nn.BatchNorm2d (NCHW), folded to a Scale layer. */
public final class BatchNorm2d extends BatchNorm<BatchNorm2d> {
    public BatchNorm2d(String name, int numFeatures) { super(name, numFeatures); }
}
