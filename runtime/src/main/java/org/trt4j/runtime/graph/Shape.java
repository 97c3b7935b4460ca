package org.trt4j.runtime.graph;

import java.util.Arrays;

/** Tensor dimensions; {@link #DYNAMIC} (-1) marks a dimension known only at run time. Immutable. */
public final class Shape {
    public static final int DYNAMIC = -1;

    private final int[] dims;

    private Shape(int[] dims) {
        for (int d : dims)
            if (d < DYNAMIC) throw new IllegalArgumentException("negative dimension " + d + " in " + Arrays.toString(dims));
        this.dims = dims;
    }

    public static Shape of(int... dims) { return new Shape(dims.clone()); }

    public int rank() { return dims.length; }

    /** Dimension i; negative i counts from the end. */
    public int dim(int i) { return dims[i < 0 ? dims.length + i : i]; }

    public int[] dims() { return dims.clone(); }

    public boolean isStatic() {
        for (int d : dims) if (d == DYNAMIC) return false;
        return true;
    }

    /** Element count; only for static shapes. */
    public long volume() {
        if (!isStatic()) throw new IllegalStateException("volume of dynamic shape " + this);
        long v = 1;
        for (int d : dims) v *= d;
        return v;
    }

    public Shape withDim(int i, int value) {
        int[] d = dims.clone();
        d[i < 0 ? d.length + i : i] = value;
        return new Shape(d);
    }

    @Override public boolean equals(Object o) { return o instanceof Shape s && Arrays.equals(dims, s.dims); }

    @Override public int hashCode() { return Arrays.hashCode(dims); }

    /** "1x3x?x?" style, as trtexec prints shapes; ? for dynamic. */
    @Override public String toString() {
        if (dims.length == 0) return "scalar";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) b.append('x');
            b.append(dims[i] == DYNAMIC ? "?" : String.valueOf(dims[i]));
        }
        return b.toString();
    }

    /** Parses "1x3x224x224" (or with commas); "?" or "-1" for dynamic. */
    public static Shape parse(String text) {
        String t = text.trim();
        if (t.equals("scalar")) return of();
        String[] parts = t.split("[x,]");
        int[] d = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            try {
                d[i] = p.equals("?") ? DYNAMIC : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad shape '" + text + "': '" + p + "' is not a dimension (expected e.g. 1x3x224x224)");
            }
        }
        return new Shape(d);
    }
}
