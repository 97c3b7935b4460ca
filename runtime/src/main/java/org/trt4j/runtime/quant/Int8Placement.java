package org.trt4j.runtime.quant;

import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * Where an INT8 translation puts its Q/DQ pairs, and with which scale, decided on the IR before TensorRT sees it: on
 * every calibrated convolution input ({@link #quantizes}), and on the identity input of each residual sum
 * ({@link #residualIdentity}). The TensorRT translation and {@link Int8Simulation} both follow it.
 * <p>
 * Tensors that a concatenation joins share one scale, the largest amax among them: the concatenation's output (when
 * a convolution reads it) and every calibrated tensor its inputs come from, also through nearest resizes and max
 * pools, which commute with quantization. TensorRT writes a concatenation's inputs straight into its output's buffer,
 * so an INT8 producer there must use the scale of the concatenation's reader; with unequal scales each input pays a
 * separate requantizing pass (NVIDIA's QAT placement advice for YOLO's route concatenations). Other tensors keep
 * their own calibrated scale.
 */
public final class Int8Placement {
    /** These rules in words, for the sidecar and the engine-cache key: an engine placed by other rules is rebuilt. */
    public static final String RULES = "convolution inputs, residual identities, one pair per tensor, concatenation scales";

    private final ActivationScales scales;
    private final Map<Tensor, Layer> producers = new HashMap<>();
    private final Map<String, String> parent = new HashMap<>();   // union-find over calibrated tensor names
    private final Map<String, Float> groupAmax = new HashMap<>();

    public Int8Placement(Network ir, ActivationScales scales) {
        this.scales = scales;
        for (Layer l : ir.layers()) for (Tensor t : l.outputs()) producers.put(t, l);
        for (Layer l : ir.layers()) {
            if (!(l.op() instanceof Op.Concat) || !calibrated(l.output(0))) continue;
            for (Tensor in : l.inputs())
                for (Tensor t = in; t != null; t = commutingSource(t))
                    if (calibrated(t)) union(l.output(0).name(), t.name());
        }
        for (var e : scales.amax().entrySet()) groupAmax.merge(find(e.getKey()), e.getValue(), Math::max);
    }

    /** The scale of the one Q/DQ pair that every quantized reader of this tensor shares; null when it stays in float. */
    public Float scale(Tensor t) {
        return calibrated(t) ? groupAmax.get(find(t.name())) / 127f : null;
    }

    /**
     * Which input of a sum is a residual identity: calibrated (it is some convolution's input) while the other is not
     * and comes from a convolution through per-channel scales (batch norm) and activations only; -1 when neither.
     * The identity then goes through its Q/DQ pair too, so TensorRT fuses the sum into that convolution (TensorRT's
     * advice for skip connections) and the sum's output can stay INT8.
     */
    public int residualIdentity(Layer sum) {
        if (!(sum.op() instanceof Op.ElementWise e) || e.operation() != Op.ElementWiseOperation.SUM) return -1;
        for (int i = 0; i < 2; i++) {
            Tensor identity = sum.input(i), branch = sum.input(1 - i);
            if (!calibrated(identity) || calibrated(branch)) continue;
            if (!identity.shape().equals(branch.shape())) continue;
            Layer p = producers.get(branch);
            while (p != null && (p.op() instanceof Op.Scale || p.op() instanceof Op.Activation)) p = producers.get(p.input(0));
            if (p != null && p.op() instanceof Op.Convolution) return i;
        }
        return -1;
    }

    /**
     * Whether this layer is a convolution that runs in INT8: its data input calibrated, 2-D or more (1-D ones run as
     * 2-D with a reshape around them and stay in float; no network here has them quantized), float weights.
     */
    public boolean quantizes(Layer layer) {
        return layer.op() instanceof Op.Convolution conv && calibrated(layer.input(0)) && conv.kernel().length != 1
                && conv.kernelWeights().dtype() == DType.FLOAT;
    }

    private boolean calibrated(Tensor t) { return scales.amax().containsKey(t.name()); }

    /** The data input of the op producing t when that op commutes with quantization (nearest resize, max pool, identity). */
    private Tensor commutingSource(Tensor t) {
        Layer p = producers.get(t);
        if (p == null) return null;
        boolean commutes = p.op() instanceof Op.Resize r && r.mode() == Op.ResizeMode.NEAREST
                || p.op() instanceof Op.Pooling pool && pool.type() == Op.PoolingType.MAX
                || p.op() instanceof Op.Identity;
        return commutes ? p.input(0) : null;
    }

    private String find(String name) {
        String p = parent.getOrDefault(name, name);
        if (p.equals(name)) return name;
        String root = find(p);
        parent.put(name, root);
        return root;
    }

    private void union(String a, String b) {
        String ra = find(a), rb = find(b);
        if (!ra.equals(rb)) parent.put(rb, ra);
    }
}
