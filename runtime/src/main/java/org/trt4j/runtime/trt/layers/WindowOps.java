package org.trt4j.runtime.trt.layers;

import org.bytedeco.tensorrt.global.nvinfer.PaddingMode;
import org.bytedeco.tensorrt.global.nvinfer.ScaleMode;
import org.bytedeco.tensorrt.nvinfer.IConvolutionLayer;
import org.bytedeco.tensorrt.nvinfer.IDeconvolutionLayer;
import org.bytedeco.tensorrt.nvinfer.IPoolingLayer;
import org.bytedeco.tensorrt.nvinfer.IScaleLayer;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.trt.TrtTypes;

import java.util.Arrays;

/**
 * Sliding-window ops: convolution, deconvolution, pooling. TensorRT has 2-D and 3-D windows only, so a 1-D op runs
 * as 2-D on the input with a trailing dim of 1 (weights [.., k] equal [.., k, 1]).
 */
final class WindowOps {
    private WindowOps() {}

    /** 1-D parameters padded to 2-D with a trailing {@code fill}; 2-D/3-D unchanged. */
    private static int[] as2d(int[] v, int fill) {
        if (v.length != 1) return v;
        return new int[] {v[0], fill};
    }

    static void convolution(LayerContext c, Op.Convolution op) {
        boolean oneD = op.kernel().length == 1;
        ITensor x = oneD ? c.appendOnes(c.input(0), 3, 1, "to2d") : c.input(0);
        IConvolutionLayer conv = c.main(c.network.addConvolutionNd(x, op.outputChannels(), TrtTypes.dims(as2d(op.kernel(), 1)),
                c.weights(op.kernelWeights()), c.weights(op.bias())), "addConvolutionNd");
        conv.setStrideNd(TrtTypes.dims(as2d(op.stride(), 1)));
        conv.setPrePadding(TrtTypes.dims(as2d(op.padPre(), 0)));
        conv.setPostPadding(TrtTypes.dims(as2d(op.padPost(), 0)));
        conv.setDilationNd(TrtTypes.dims(as2d(op.dilation(), 1)));
        conv.setNbGroups(op.groups());
        ITensor y = c.output(conv, 0);
        if (oneD) {
            conv.setName(c.name() + "/conv2d");
            y = c.keepLeading(y, 3, "from2d");
        }
        c.bind(0, y);
    }

    /**
     * TensorRT's deconvolution has no output padding; PyTorch's output padding extends the output at the end of each
     * dim. Where it is no larger than the end padding it just crops less; beyond that, the extra rows hold only the
     * bias, so the deconvolution runs without bias, is zero-padded, and the bias is added by a per-channel scale.
     */
    static void deconvolution(LayerContext c, Op.Deconvolution op) {
        int n = op.kernel().length;
        boolean oneD = n == 1;
        int[] post = op.padPost().clone(), extra = new int[n];
        boolean padAfter = false;
        for (int i = 0; i < n; i++) {
            int o = op.outputPadding()[i];
            if (o <= post[i]) post[i] -= o;
            else {
                extra[i] = o - post[i];
                post[i] = 0;
                padAfter = true;
            }
        }
        ITensor x = oneD ? c.appendOnes(c.input(0), 3, 1, "to2d") : c.input(0);
        boolean biasInLayer = !padAfter || op.bias() == null;
        IDeconvolutionLayer deconv = c.network.addDeconvolutionNd(x, op.outputChannels(), TrtTypes.dims(as2d(op.kernel(), 1)),
                c.weights(op.kernelWeights()), c.weights(biasInLayer ? op.bias() : null));
        boolean direct = !oneD && !padAfter;
        if (direct) c.main(deconv, "addDeconvolutionNd"); else c.helper(deconv, "addDeconvolutionNd", "deconv");
        deconv.setStrideNd(TrtTypes.dims(as2d(op.stride(), 1)));
        deconv.setPrePadding(TrtTypes.dims(as2d(op.padPre(), 0)));
        deconv.setPostPadding(TrtTypes.dims(as2d(post, 0)));
        deconv.setDilationNd(TrtTypes.dims(as2d(op.dilation(), 1)));
        deconv.setNbGroups(op.groups());
        ITensor y = c.output(deconv, 0);
        if (padAfter) {
            // IR output shape, in the (possibly 2-D) layout the deconvolution works in, minus the extra padding
            int[] outDims = c.layer.output(0).shape().dims();
            if (oneD) outDims = Arrays.copyOf(outDims, 4);
            int[] pre = new int[outDims.length], postPad = new int[outDims.length];
            for (int i = 0; i < n; i++) {
                postPad[2 + i] = extra[i];
                if (outDims[2 + i] != Shape.DYNAMIC) outDims[2 + i] -= extra[i];
            }
            if (oneD) outDims[3] = 1;
            y = c.padZeros(y, Shape.of(outDims), pre, postPad, "outputPadding");
            if (op.bias() != null) {
                IScaleLayer bias = c.helper(c.network.addScaleNd(y, ScaleMode.kCHANNEL, c.weights(op.bias()), c.keepAlive.empty(),
                        c.keepAlive.empty(), 1), "addScaleNd", "bias");
                y = c.output(bias, 0);
            }
        }
        if (oneD) y = c.keepLeading(y, 3, "from2d");
        c.bind(0, y);
    }

    /**
     * Pooling as PyTorch defines it. Ceil mode: with a static spatial size the exact PyTorch output size is reached by
     * rounding down with a larger end padding (PyTorch drops a last window that would start in the end padding,
     * which TensorRT's round-up does not); with a dynamic size, round-up is used when no such window can occur.
     * In ceil mode, average pooling that counts padding counts only the real padding in PyTorch, never the overhang,
     * so it zero-pads explicitly and then averages over the padded input excluding the overhang.
     */
    static void pooling(LayerContext c, Op.Pooling op) {
        int n = op.kernel().length;
        Shape inShape = c.irInput(0).shape();
        int rank = inShape.rank();
        if (rank != n + 2)
            throw c.fail("TensorRT pooling needs a batch and a channel dimension before the " + n + " pooled dims; input is "
                    + inShape + " (reshape it to rank " + (n + 2) + ")", null);
        boolean oneD = n == 1;
        ITensor x = c.input(0);
        int[] pre = op.padPre().clone(), post = op.padPost().clone();
        boolean average = op.type() == Op.PoolingType.AVERAGE;
        boolean explicitPad = average && op.countIncludePad() && op.ceilMode() && (any(pre) || any(post));
        if (explicitPad) {
            int[] fullPre = new int[rank], fullPost = new int[rank];
            System.arraycopy(pre, 0, fullPre, 2, n);
            System.arraycopy(post, 0, fullPost, 2, n);
            x = c.padZeros(x, inShape, fullPre, fullPost, "pad");
            int[] padded = inShape.dims();
            for (int i = 0; i < n; i++) if (padded[2 + i] != Shape.DYNAMIC) padded[2 + i] += pre[i] + post[i];
            inShape = Shape.of(padded);
            pre = new int[n];
            post = new int[n];
        }
        PaddingMode mode = PaddingMode.kEXPLICIT_ROUND_DOWN;
        if (op.ceilMode()) {
            boolean anyDynamic = false;
            for (int i = 0; i < n; i++) {
                int in = inShape.dim(2 + i), k = op.kernel()[i], s = op.stride()[i];
                if (in == Shape.DYNAMIC) {
                    anyDynamic = true;
                    if (s + post[i] > k)
                        throw c.fail("ceil-mode pooling with kernel " + k + ", stride " + s + " and end padding " + post[i]
                                + " on a dynamic dimension: PyTorch's output size then depends on the input size in a way TensorRT"
                                + " cannot express; make the dimension static", null);
                    continue;
                }
                int out = pytorchCeilOut(in, k, s, pre[i], post[i]);
                post[i] = Math.max(post[i], (out - 1) * s + k - in - pre[i]);
            }
            if (anyDynamic) mode = PaddingMode.kEXPLICIT_ROUND_UP;
        }
        if (oneD) x = c.appendOnes(x, 3, 1, "to2d");
        IPoolingLayer pool = c.network.addPoolingNd(x, TrtEnums.pooling(op.type()), TrtTypes.dims(as2d(op.kernel(), 1)));
        if (oneD) c.helper(pool, "addPoolingNd", "pool2d"); else c.main(pool, "addPoolingNd");
        pool.setStrideNd(TrtTypes.dims(as2d(op.stride(), 1)));
        pool.setPrePadding(TrtTypes.dims(as2d(pre, 0)));
        pool.setPostPadding(TrtTypes.dims(as2d(post, 0)));
        pool.setPaddingMode(mode);
        // ceil mode: padding (if any) is real zeros by now, and the overhang must not count
        if (average) pool.setAverageCountExcludesPadding(!op.countIncludePad() || op.ceilMode());
        ITensor y = c.output(pool, 0);
        if (oneD) y = c.keepLeading(y, 3, "from2d");
        c.bind(0, y);
    }

    /** PyTorch's ceil-mode pooling output size. */
    static int pytorchCeilOut(int in, int k, int s, int pre, int post) {
        int span = in + pre + post - k;
        int out = (span + s - 1) / s + 1;
        if ((out - 1) * s >= in + pre) out--;
        return out;
    }

    private static boolean any(int[] v) {
        for (int x : v) if (x != 0) return true;
        return false;
    }
}
