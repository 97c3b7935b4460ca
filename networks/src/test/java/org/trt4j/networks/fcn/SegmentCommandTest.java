package org.trt4j.networks.fcn;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.tensor.HostTensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** segment's input normalization (ImageNet mean/std, as torchvision's segmentation weights expect). */
class SegmentCommandTest {
    @Test void normalizationIsImageNets() {
        HostTensor rgb = HostTensor.of(new float[]{0.485f, 1f, 0.456f, 0f, 0.406f, 0.5f}, 1, 3, 1, 2);
        float[] n = SegmentCommand.normalize(rgb).floats();
        assertEquals(0f, n[0], 1e-6);
        assertEquals((1f - 0.485f) / 0.229f, n[1], 1e-6);
        assertEquals(0f, n[2], 1e-6);
        assertEquals((0f - 0.456f) / 0.224f, n[3], 1e-6);
        assertEquals((0.5f - 0.406f) / 0.225f, n[5], 1e-6);
    }
}
