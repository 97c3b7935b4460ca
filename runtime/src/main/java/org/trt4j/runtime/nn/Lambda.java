package org.trt4j.runtime.nn;

import org.trt4j.runtime.graph.Tensor;

import java.util.function.UnaryOperator;

/** A weightless step in a Sequential (torch.nn.ReLU, LeakyReLU, Upsample, ...): applies a function, e.g. F::relu. */
public final class Lambda extends Module {
    private final UnaryOperator<Tensor> function;

    public Lambda(String name, UnaryOperator<Tensor> function) {
        super(name);
        this.function = function;
    }

    @Override protected Tensor forward(Tensor x) { return function.apply(x); }
}
