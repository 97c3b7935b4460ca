package org.trt4j.runtime.nn;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * A building block named like a PyTorch module: its {@link #path()} (parent path + "." + name) is the state_dict
 * prefix of its weights and the name of the layers it adds. Subclasses register children with {@link #add} in
 * their constructor, fetch weights with {@link #weight} and define {@link #forward}; callers use {@link #call},
 * which names the layers under the module's path. Weights are read from {@link Network#current()}'s binding when
 * the module is called.
 */
public abstract class Module {
    private final String name;
    private Module parent;
    private final List<Module> children = new ArrayList<>();

    /** name relative to the parent ("" for a root whose keys have no prefix); PyTorch names have no dots. */
    protected Module(String name) {
        if (name == null || name.contains(".")) throw new IllegalArgumentException("module name '" + name + "' must not contain '.' (it is relative to the parent)");
        this.name = name;
    }

    public String name() { return name; }

    public Module parent() { return parent; }

    /** The dotted path from the root, e.g. {@code backbone.layer3.5.conv2}; "" for a root named "". */
    public String path() {
        if (parent == null) return name;
        String p = parent.path();
        return p.isEmpty() ? name : p + "." + name;
    }

    public List<Module> children() { return Collections.unmodifiableList(children); }

    /** Registers child (in order, like attribute assignment in PyTorch) and returns it. */
    protected final <M extends Module> M add(M added) {
        Module child = added;
        if (child.parent != null) throw new IllegalArgumentException("module " + child.name + " already belongs to " + child.parent.path());
        for (Module c : children)
            if (c.name.equals(child.name)) throw new IllegalArgumentException(path() + ": two children named '" + child.name + "'");
        child.parent = this;
        children.add(child);
        return added;
    }

    /** The state_dict key of a weight of this module. */
    public final String key(String localKey) {
        String p = path();
        return p.isEmpty() ? localKey : p + "." + localKey;
    }

    /** The weight {@code path.localKey} with the expected shape; a missing or wrong-size key is recorded for the strict check. */
    protected final Weights weight(String localKey, int... shape) {
        return Network.current().weights().require(key(localKey), Shape.of(shape));
    }

    protected final boolean hasWeight(String localKey) { return Network.current().weights().has(key(localKey)); }

    /** A key this module's state_dict has but inference does not need (e.g. num_batches_tracked). */
    protected final void ignoreWeight(String localKey) { Network.current().weights().ignore(key(localKey)); }

    /** Runs forward with layers named under this module's path. */
    public final Tensor call(Tensor x) {
        try (var scope = Network.current().enterScope(path())) {
            return forward(x);
        }
    }

    /** For modules with several inputs or outputs: runs body with layers named under this module's path. */
    protected final <T> T scoped(Supplier<T> body) {
        try (var scope = Network.current().enterScope(path())) {
            return body.get();
        }
    }

    /** The single-input computation; modules with other signatures define their own method and use {@link #scoped}. */
    protected Tensor forward(Tensor x) {
        throw new UserError(getClass().getSimpleName() + " " + path() + " has no single-input forward");
    }

    @Override public String toString() { return getClass().getSimpleName() + "(" + path() + ")"; }
}
