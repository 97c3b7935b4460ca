package org.trt4j.runtime.nn;

import org.trt4j.runtime.graph.Tensor;

/**
 * torch.nn.Sequential / ModuleList: children in order (name them "0", "1", ... as PyTorch does, or by name);
 * {@link #call} chains them, {@link #get} indexes them.
 */
public final class Sequential extends Module {
    public Sequential(String name, Module... modules) {
        super(name);
        for (Module m : modules) add(m);
    }

    /** Appends a module (its name should be its index for PyTorch Sequential keys). */
    public <M extends Module> M append(M module) { return add(module); }

    public Module get(int index) { return children().get(index); }

    public int size() { return children().size(); }

    @Override protected Tensor forward(Tensor x) {
        for (Module m : children()) x = m.call(x);
        return x;
    }
}
