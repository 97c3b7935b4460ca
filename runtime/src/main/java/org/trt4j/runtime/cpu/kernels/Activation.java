package org.trt4j.runtime.cpu.kernels;

import org.trt4j.runtime.tensor.HostTensor;

/** TensorRT IActivationLayer: elementwise activations with the alpha/beta parameters TensorRT defines. */
public final class Activation {
    private Activation() {}

    /** TensorRT ActivationType; the PyTorch function each matches is on its constant. */
    public enum Kind {
        /** torch.relu */
        RELU,
        /** torch.sigmoid */
        SIGMOID,
        /** torch.tanh */
        TANH,
        /** F.leaky_relu(x, negative_slope=alpha) */
        LEAKY_RELU,
        /** F.elu(x, alpha) */
        ELU,
        /** beta * (x > 0 ? x : alpha * (exp(x) - 1)); F.selu with alpha=1.6732632, beta=1.0507010 */
        SELU,
        /** F.softsign: x / (1 + |x|) */
        SOFTSIGN,
        /** alpha * log(1 + exp(beta * x)); F.softplus(x, beta=b, threshold=20) with alpha = 1/b */
        SOFTPLUS,
        /** torch.clamp(x, alpha, beta) */
        CLIP,
        /** max(0, min(1, alpha * x + beta)); F.hardsigmoid is alpha=1/6, beta=1/2 */
        HARD_SIGMOID,
        /** alpha * tanh(beta * x) */
        SCALED_TANH,
        /** x > alpha ? x : 0; F.threshold(x, alpha, 0) */
        THRESHOLDED_RELU,
        /** F.gelu(x) (erf form): x * (1 + erf(x / sqrt 2)) / 2 */
        GELU_ERF,
        /** F.gelu(x, approximate='tanh') */
        GELU_TANH
    }

    /** Applies {@code kind} elementwise; alpha and beta as documented on each {@link Kind} (ignored where unused). */
    public static HostTensor activation(HostTensor x, Kind kind, float alpha, float beta) {
        Tensors.requireFloat(x, "activation");
        float[] xs = x.floats(), y = ArrayPool.take(xs.length); // every block copied then activated
        Tensors.parallelFor((xs.length + 4095) / 4096, 4096 * 8L, blk -> {
            int from = blk * 4096, end = Math.min(xs.length, from + 4096);
            System.arraycopy(xs, from, y, from, end - from);
            applyInPlace(kind, y, from, end, alpha, beta);
        });
        return Tensors.floats(y, x.shape().clone());
    }

    /** y[i] = kind(y[i]) for i in [from, to); ReLU and leaky ReLU as their own loops, which the JIT vectorizes. */
    /** {@link #activation} into x's own array, for a tensor no one else holds (a fresh kernel output); returns x. */
    public static HostTensor activateInPlace(HostTensor x, Kind kind, float alpha, float beta) {
        Tensors.requireFloat(x, "activation");
        float[] y = x.floats();
        Tensors.parallelFor((y.length + 4095) / 4096, 4096 * 8L, blk -> applyInPlace(kind, y, blk * 4096, Math.min(y.length, blk * 4096 + 4096), alpha, beta));
        return x;
    }

    static void applyInPlace(Kind kind, float[] y, int from, int to, float alpha, float beta) {
        switch (kind) {
            case RELU -> { for (int i = from; i < to; i++) { float v = y[i]; y[i] = v > 0f ? v : (v == v ? 0f : v); } }
            case LEAKY_RELU -> { for (int i = from; i < to; i++) { float v = y[i]; y[i] = v > 0f ? v : v * alpha; } }
            default -> { for (int i = from; i < to; i++) y[i] = apply(kind, y[i], alpha, beta); }
        }
    }

    static float apply(Kind kind, float x, float alpha, float beta) {
        return switch (kind) {
            case RELU -> x > 0f ? x : (x == x ? 0f : x);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case TANH -> (float) Math.tanh(x);
            case LEAKY_RELU -> x > 0f ? x : x * alpha;
            case ELU -> x > 0f ? x : (float) (alpha * Math.expm1(x));
            case SELU -> (float) (beta * (x > 0f ? x : alpha * Math.expm1(x)));
            case SOFTSIGN -> x / (1f + Math.abs(x));
            case SOFTPLUS -> beta * x > 20f ? alpha * beta * x : (float) (alpha * Math.log1p(Math.exp((double) beta * x)));
            case CLIP -> Math.min(Math.max(x, alpha), beta);
            case HARD_SIGMOID -> Math.max(0f, Math.min(1f, alpha * x + beta));
            case SCALED_TANH -> (float) (alpha * Math.tanh((double) beta * x));
            case THRESHOLDED_RELU -> x > alpha ? x : 0f;
            case GELU_ERF -> (float) (0.5 * x * (1.0 + SpecialFunctions.erf(x / Math.sqrt(2.0))));
            case GELU_TANH -> (float) (0.5 * x * (1.0 + Math.tanh(Math.sqrt(2.0 / Math.PI) * (x + 0.044715 * x * (double) x * x))));
        };
    }
}
