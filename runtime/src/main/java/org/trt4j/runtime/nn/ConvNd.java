package org.trt4j.runtime.nn;

import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;

import java.util.Arrays;

/**
 * torch.nn.Conv2d/Conv3d: keys {@code weight} [out, in/groups, k...] and {@code bias} [out]. Configure with the
 * fluent setters (PyTorch defaults: stride 1, padding 0, dilation 1, groups 1, bias true) before calling.
 */
public abstract class ConvNd<T extends ConvNd<T>> extends Module {
    protected final int inChannels, outChannels;
    protected final int[] kernel;
    protected int[] stride, padding, dilation;
    protected int groups = 1;
    protected boolean bias = true;

    protected ConvNd(String name, int inChannels, int outChannels, int[] kernel) {
        super(name);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel.clone();
        this.stride = F.filled(1, kernel.length);
        this.padding = new int[kernel.length];
        this.dilation = F.filled(1, kernel.length);
    }

    @SuppressWarnings("unchecked") private T self() { return (T) this; }

    /** One value for every spatial dim, or one per dim. */
    public T stride(int... s) { stride = perDim(s, "stride"); return self(); }

    public T padding(int... p) { padding = perDim(p, "padding"); return self(); }

    public T dilation(int... d) { dilation = perDim(d, "dilation"); return self(); }

    public T groups(int g) { groups = g; return self(); }

    public T bias(boolean b) { bias = b; return self(); }

    protected int[] perDim(int[] v, String what) {
        if (v.length == 1) return F.filled(v[0], kernel.length);
        if (v.length != kernel.length) throw new IllegalArgumentException(path() + ": " + what + " " + Arrays.toString(v) + " needs 1 or " + kernel.length + " values");
        return v.clone();
    }

    public int outChannels() { return outChannels; }

    protected int[] weightShape(int first, int second) {
        int[] s = new int[kernel.length + 2];
        s[0] = first;
        s[1] = second;
        System.arraycopy(kernel, 0, s, 2, kernel.length);
        return s;
    }

    @Override protected Tensor forward(Tensor x) {
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new IllegalArgumentException(path() + ": channels " + inChannels + "->" + outChannels + " not divisible by groups " + groups);
        Weights w = weight("weight", weightShape(outChannels, inChannels / groups));
        Weights b = bias ? weight("bias", outChannels) : null;
        return F.conv("", x, w, b, stride, padding, padding, dilation, groups);
    }
}
