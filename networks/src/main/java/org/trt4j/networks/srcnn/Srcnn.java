package org.trt4j.networks.srcnn;

import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Module;

import java.util.List;

/**
 * SRCNN as in the mmdeploy tutorial's SuperResolutionNet: bicubic upsampling (PyTorch's: half-pixel coordinates,
 * cubic coefficient -0.75, border taps replicated), conv1 9x9 3->64 + ReLU, conv2 1x1 64->32 + ReLU, conv3 5x5 32->3.
 * Keys conv1|conv2|conv3 .weight/.bias (a root module with an empty name).
 */
public final class Srcnn extends Module {
    private final Conv2d conv1 = add(new Conv2d("conv1", 3, 64, 9).padding(4));
    private final Conv2d conv2 = add(new Conv2d("conv2", 64, 32, 1));
    private final Conv2d conv3 = add(new Conv2d("conv3", 32, 3, 5).padding(2));

    public Srcnn() { super(""); }

    /** The upscaled image for a factor fixed when the network is defined. */
    public Tensor upscale(Tensor image, int factor) {
        return scoped(() -> refine(F.interpolate(image, null, new float[]{factor, factor}, "bicubic", false)));
    }

    /**
     * The upscaled image for a factor given at run time: {@code factor} is a 1-element INT32 shape tensor, and the
     * resize output shape is [N, C, H * factor, W * factor], so one engine serves every factor in its profile.
     */
    public Tensor upscale(Tensor image, Tensor factor) {
        return scoped(() -> {
            Tensor shape = F.shapeOf(image);
            Tensor outSize = F.mul(F.slice(shape, new int[]{2}, new int[]{2}, new int[]{1}), F.cast(factor, DType.INT64));
            // The output shape depends on an input's value, so it is unknown at definition time; Op.Resize accepts
            // that only when no leading (non-interpolated) dim is static, so the resize runs on the CxHxW image and
            // the batch dim is put back after it.
            Tensor chw = F.reshape(image, F.slice(shape, new int[]{1}, new int[]{3}, new int[]{1}));
            Tensor target = F.cat(List.of(F.slice(shape, new int[]{1}, new int[]{1}, new int[]{1}), outSize), 0);
            Op.Resize bicubic = new Op.Resize(Op.ResizeMode.CUBIC, Op.CoordinateTransform.HALF_PIXEL,
                    Op.NearestRounding.FLOOR, -0.75f, null, null);
            Tensor upsampled = F.resize(chw, bicubic, target);
            Tensor nchw = F.cat(List.of(F.shapeValues(1, 3), F.slice(F.shapeOf(upsampled), new int[]{1}, new int[]{2}, new int[]{1})), 0);
            return refine(F.reshape(upsampled, nchw));
        });
    }

    private Tensor refine(Tensor upsampled) {
        Tensor x = F.relu(conv1.call(upsampled));
        x = F.relu(conv2.call(x));
        return conv3.call(x);
    }
}
