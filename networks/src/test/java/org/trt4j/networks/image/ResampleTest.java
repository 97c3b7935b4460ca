package org.trt4j.networks.image;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.tensor.HostTensor;

import static org.junit.jupiter.api.Assertions.*;

class ResampleTest {
    @Test void areaAveragingMeansTheCoveredPixels() {
        // 1 channel 2x4 -> 1x2: each output the mean of a 2x2 block
        HostTensor x = HostTensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 2, 4);
        assertArrayEquals(new float[]{3.5f, 5.5f}, Resample.area(x, 1, 2).floats(), 1e-6f);
        // 1x3 -> 1x2: output 0 covers pixel 0 and half of pixel 1, output 1 the other half and pixel 2
        HostTensor row = HostTensor.of(new float[]{0, 3, 6}, 1, 1, 1, 3);
        assertArrayEquals(new float[]{1f, 5f}, Resample.area(row, 1, 2).floats(), 1e-6f);
        // a flat image stays flat at any factor; the mean is kept
        float[] flat = new float[3 * 37 * 53];
        java.util.Arrays.fill(flat, 0.25f);
        for (float v : Resample.area(HostTensor.of(flat, 1, 3, 37, 53), 10, 17).floats()) assertEquals(0.25f, v, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Resample.area(x, 3, 4));
    }

    @Test void nearestEnlargesLabelMapsByTheirCentres() {
        int[] labels = {1, 2, 3, 4}; // 2x2
        assertArrayEquals(new int[]{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, Resample.nearest(labels, 2, 2, 4, 4));
        assertArrayEquals(new int[]{1, 1, 2, 2, 2, 3, 3, 4, 4, 4}, Resample.nearest(labels, 2, 2, 2, 5)); // centres 0.2 0.6 1.0 1.4 1.8
    }
}
