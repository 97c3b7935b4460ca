package org.trt4j.networks.srcnn;

import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Module;

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
            Tensor size = F.mul(F.slice(F.shapeOf(image), new int[]{2}, new int[]{2}, new int[]{1}), F.cast(factor, DType.INT64));
            return refine(F.interpolate(image, size, "bicubic", false));
        });
    }

    private Tensor refine(Tensor upsampled) {
        Tensor x = F.relu(conv1.call(upsampled));
        x = F.relu(conv2.call(x));
        return conv3.call(x);
    }
}
