package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;

/** TensorRT IElementWiseLayer and ISelectLayer with NumPy broadcasting. */
public final class ElementWise {
    private ElementWise() {}

    /** TensorRT ElementWiseOperation. */
    public enum Kind {
        /** torch.add */ SUM,
        /** torch.sub */ SUB,
        /** torch.mul */ PROD,
        /** torch.div on floats; on ints torch.div(rounding_mode='trunc') */ DIV,
        /** torch.div(rounding_mode='floor') */ FLOOR_DIV,
        /** torch.maximum */ MAX,
        /** torch.minimum */ MIN,
        /** torch.pow */ POW,
        /** torch.eq (BOOL result) */ EQUAL,
        /** torch.gt (BOOL result) */ GREATER,
        /** torch.lt (BOOL result) */ LESS,
        /** torch.logical_and (BOOL operands and result) */ AND,
        /** torch.logical_or */ OR,
        /** torch.logical_xor */ XOR;

        boolean isComparison() { return this == EQUAL || this == GREATER || this == LESS; }

        boolean isLogical() { return this == AND || this == OR || this == XOR; }
    }

    /**
     * {@code kind(a, b)} elementwise with NumPy broadcasting, matching the torch function on each {@link Kind}. Both
     * operands must have the same dtype class (both floating, or both INT32/BOOL); comparisons and logical ops give
     * BOOL.
     */
    public static HostTensor elementWise(HostTensor a, HostTensor b, Kind kind) {
        String op = "elementwise " + kind;
        if (a.dtype().isFloating() != b.dtype().isFloating())
            throw new UserError(op + ": operands " + a + " and " + b + " have different types (add a cast)");
        int[] shape = Tensors.broadcastShape(a.shape(), b.shape(), op);
        int n = Tensors.numel(shape);
        int[] ia = Tensors.broadcastIndex(a.shape(), shape), ib = Tensors.broadcastIndex(b.shape(), shape);
        if (kind.isLogical()) {
            int[] as = a.ints(), bs = b.ints(), y = new int[n];
            if (as == null) throw new UserError(op + ": needs BOOL operands, got " + a + " and " + b);
            for (int i = 0; i < n; i++) {
                boolean x = as[ia == null ? i : ia[i]] != 0, z = bs[ib == null ? i : ib[i]] != 0;
                y[i] = (kind == Kind.AND ? x && z : kind == Kind.OR ? x || z : x ^ z) ? 1 : 0;
            }
            return Tensors.ints(DType.BOOL, y, shape);
        }
        if (a.dtype().isFloating()) {
            float[] as = a.floats(), bs = b.floats();
            if (kind.isComparison()) {
                int[] y = new int[n];
                for (int i = 0; i < n; i++) {
                    float x = as[ia == null ? i : ia[i]], z = bs[ib == null ? i : ib[i]];
                    y[i] = (kind == Kind.EQUAL ? x == z : kind == Kind.GREATER ? x > z : x < z) ? 1 : 0;
                }
                return Tensors.ints(DType.BOOL, y, shape);
            }
            float[] y = ArrayPool.take(n); // every element written below
            // chunks of 2^16 in parallel (YOLO's residual sums are millions of values), each value as before
            int chunk = 1 << 16;
            Tensors.parallelFor((n + chunk - 1) / chunk, chunk, c -> {
                for (int i = c * chunk, end = Math.min(n, i + chunk); i < end; i++)
                    y[i] = apply(kind, as[ia == null ? i : ia[i]], bs[ib == null ? i : ib[i]]);
            });
            return Tensors.floats(y, shape);
        }
        int[] as = a.ints(), bs = b.ints(), y = new int[n];
        for (int i = 0; i < n; i++) {
            int x = as[ia == null ? i : ia[i]], z = bs[ib == null ? i : ib[i]];
            y[i] = switch (kind) {
                case SUM -> x + z;
                case SUB -> x - z;
                case PROD -> x * z;
                case DIV -> { checkDivisor(z, op); yield x / z; }
                case FLOOR_DIV -> { checkDivisor(z, op); yield Math.floorDiv(x, z); }
                case MAX -> Math.max(x, z);
                case MIN -> Math.min(x, z);
                case POW -> intPow(x, z, op);
                case EQUAL -> x == z ? 1 : 0;
                case GREATER -> x > z ? 1 : 0;
                default -> x < z ? 1 : 0;
            };
        }
        DType type = kind.isComparison() ? DType.BOOL : a.dtype() == DType.BOOL ? DType.INT32 : a.dtype();
        return Tensors.ints(type, y, shape);
    }

    /**
     * {@code torch.where(condition, a, b)} with NumPy broadcasting of all three; condition is BOOL (or INT32,
     * nonzero = true), a and b of the same dtype.
     */
    public static HostTensor select(HostTensor condition, HostTensor a, HostTensor b) {
        String op = "select";
        if (condition.dtype().isFloating()) throw new UserError(op + ": condition must be BOOL, got " + condition);
        if (a.dtype() != b.dtype()) throw new UserError(op + ": branches " + a + " and " + b + " have different types");
        int[] shape = Tensors.broadcastShape(Tensors.broadcastShape(condition.shape(), a.shape(), op), b.shape(), op);
        int n = Tensors.numel(shape);
        int[] ic = Tensors.broadcastIndex(condition.shape(), shape), ia = Tensors.broadcastIndex(a.shape(), shape),
                ib = Tensors.broadcastIndex(b.shape(), shape);
        int[] cs = condition.ints();
        if (a.dtype().isFloating()) {
            float[] y = new float[n];
            for (int i = 0; i < n; i++)
                y[i] = cs[ic == null ? i : ic[i]] != 0 ? a.floats()[ia == null ? i : ia[i]] : b.floats()[ib == null ? i : ib[i]];
            return new HostTensor(a.dtype(), shape, y, null);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++)
            y[i] = cs[ic == null ? i : ic[i]] != 0 ? a.ints()[ia == null ? i : ia[i]] : b.ints()[ib == null ? i : ib[i]];
        return new HostTensor(a.dtype(), shape, null, y);
    }

    static float apply(Kind kind, float x, float z) {
        return switch (kind) {
            case SUM -> x + z;
            case SUB -> x - z;
            case PROD -> x * z;
            case DIV -> x / z;
            case FLOOR_DIV -> (float) Math.floor(x / z);
            case MAX -> Float.isNaN(x) || Float.isNaN(z) ? Float.NaN : Math.max(x, z);
            case MIN -> Float.isNaN(x) || Float.isNaN(z) ? Float.NaN : Math.min(x, z);
            case POW -> pow(x, z);
            default -> throw new IllegalStateException(kind + " has a BOOL result");
        };
    }

    /** torch.pow on float32: x^2 as x*x (as ATen does), x^1 as x; otherwise the double pow, rounded. */
    static float pow(float x, float e) {
        if (e == 2f) return x * x;
        if (e == 1f) return x;
        return (float) Math.pow(x, e);
    }

    private static void checkDivisor(int z, String op) {
        if (z == 0) throw new UserError(op + ": integer division by zero");
    }

    private static int intPow(int x, int e, String op) {
        if (e < 0) {
            if (x == 1) return 1;
            if (x == -1) return (e & 1) == 0 ? 1 : -1;
            throw new UserError(op + ": integer " + x + " to the negative power " + e);
        }
        int r = 1, base = x;
        for (int n = e; n > 0; n >>= 1, base *= base) if ((n & 1) != 0) r *= base; // wraps like int32 torch.pow
        return r;
    }
}
