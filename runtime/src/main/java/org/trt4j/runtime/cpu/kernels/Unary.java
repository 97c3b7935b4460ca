package org.trt4j.runtime.cpu.kernels;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;

/** TensorRT IUnaryLayer: elementwise functions of one tensor. */
public final class Unary {
    private Unary() {}

    /** TensorRT UnaryOperation; each is the torch function of the same name (RECIP = torch.reciprocal). */
    public enum Kind {
        EXP, LOG, SQRT, RSQRT, RECIP, ABS, NEG, SIN, COS, TAN, SINH, COSH, ASIN, ACOS, ATAN, ASINH, ACOSH, ATANH,
        CEIL, FLOOR, ERF, NOT, SIGN,
        /** torch.round: half to even */
        ROUND,
        /** torch.isinf (BOOL result) */
        ISINF,
        /** torch.isnan (BOOL result) */
        ISNAN
    }

    /**
     * Applies {@code kind} elementwise, matching the torch function of the same name. Float tensors support every
     * kind; INT32 tensors ABS, NEG and SIGN; BOOL tensors NOT ({@code torch.logical_not}).
     */
    public static HostTensor unary(HostTensor x, Kind kind) {
        if (!x.dtype().isFloating()) {
            int[] xs = x.ints(), y = new int[xs.length];
            boolean bool = x.dtype() == DType.BOOL;
            for (int i = 0; i < xs.length; i++) {
                int v = xs[i];
                y[i] = switch (kind) {
                    case ABS -> Math.abs(v);
                    case NEG -> -v;
                    case SIGN -> Integer.signum(v);
                    case NOT -> v == 0 ? 1 : 0;
                    default -> throw new UserError("unary: " + kind + " is not defined on " + x);
                };
            }
            if (kind == Kind.NOT) return Tensors.ints(DType.BOOL, y, x.shape().clone());
            if (bool) throw new UserError("unary: " + kind + " is not defined on " + x);
            return Tensors.ints(x.dtype(), y, x.shape().clone());
        }
        float[] xs = x.floats();
        if (kind == Kind.ISINF || kind == Kind.ISNAN || kind == Kind.NOT) {
            int[] y = new int[xs.length];
            for (int i = 0; i < xs.length; i++)
                y[i] = switch (kind) {
                    case ISINF -> Float.isInfinite(xs[i]) ? 1 : 0;
                    case ISNAN -> Float.isNaN(xs[i]) ? 1 : 0;
                    default -> xs[i] == 0f ? 1 : 0;
                };
            return Tensors.ints(DType.BOOL, y, x.shape().clone());
        }
        float[] y = new float[xs.length];
        for (int i = 0; i < xs.length; i++) y[i] = apply(kind, xs[i]);
        return Tensors.floats(y, x.shape().clone());
    }

    static float apply(Kind kind, float v) {
        return switch (kind) {
            case EXP -> (float) Math.exp(v);
            case LOG -> (float) Math.log(v);
            case SQRT -> (float) Math.sqrt(v);
            case RSQRT -> (float) (1.0 / Math.sqrt(v));
            case RECIP -> 1f / v;
            case ABS -> Math.abs(v);
            case NEG -> -v;
            case SIN -> (float) Math.sin(v);
            case COS -> (float) Math.cos(v);
            case TAN -> (float) Math.tan(v);
            case SINH -> (float) Math.sinh(v);
            case COSH -> (float) Math.cosh(v);
            case ASIN -> (float) Math.asin(v);
            case ACOS -> (float) Math.acos(v);
            case ATAN -> (float) Math.atan(v);
            case ASINH -> (float) asinh(v);
            case ACOSH -> (float) Math.log(v + Math.sqrt((double) v * v - 1.0));
            case ATANH -> (float) (0.5 * Math.log1p(2.0 * v / (1.0 - v)));
            case CEIL -> (float) Math.ceil(v);
            case FLOOR -> (float) Math.floor(v);
            case ERF -> (float) SpecialFunctions.erf(v);
            case SIGN -> Math.signum(v);
            case ROUND -> (float) Math.rint(v);
            default -> throw new IllegalStateException(kind + " has a BOOL result");
        };
    }

    private static double asinh(double v) {
        double a = Math.abs(v);
        double r = a > 1e8 ? Math.log(a) + Math.log(2.0) : Math.log1p(a + a * a / (1.0 + Math.sqrt(1.0 + a * a)));
        return Math.copySign(r, v);
    }
}
