package org.trt4j.networks;

import org.junit.jupiter.api.Test;
import org.trt4j.networks.fcn.FcnResNetFactory;
import org.trt4j.networks.srcnn.SrcnnFactory;
import org.trt4j.networks.yolov3.YoloV3Factory;
import org.trt4j.runtime.NetworkFactory;
import org.trt4j.runtime.Options;
import org.trt4j.runtime.tensor.HostTensor;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** INT8 calibration photos go through each network's own pre-processing: the shapes and value ranges its commands feed. */
class CalibrationSampleTest {
    static final Path PHOTO = Path.of("../examples/chelsea.png");

    private static HostTensor sample(NetworkFactory f, Map<String, String> options, String input) {
        Map<String, HostTensor> m = f.calibrationSample(PHOTO, Options.of(f.name(), f.options(), options));
        return m.get(input);
    }

    private static double[] range(HostTensor t) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (float v : t.floats()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        return new double[]{lo, hi};
    }

    @Test void yoloIsLetterboxedToItsInputSizeInUnitRange() {
        HostTensor t = sample(new YoloV3Factory(), Map.of("input", "320"), YoloV3Factory.INPUT);
        assertArrayEquals(new int[]{1, 3, 320, 320}, t.shape());
        double[] r = range(t);
        assertTrue(r[0] >= 0 && r[1] <= 1 && r[1] - r[0] > 0.5, java.util.Arrays.toString(r));
    }

    @Test void fcnIsImageNetNormalized() {
        HostTensor t = sample(new FcnResNetFactory(), Map.of(), FcnResNetFactory.INPUT);
        assertArrayEquals(new int[]{1, 3, 520, 520}, t.shape());
        double[] r = range(t);
        assertTrue(r[0] < -1 && r[1] > 1, "normalized values leave 0..1: " + java.util.Arrays.toString(r));
    }

    @Test void srcnnTakesTheCentreAndTheFactorWhenDynamic() {
        NetworkFactory f = new SrcnnFactory();
        Map<String, HostTensor> m = f.calibrationSample(PHOTO, Options.of(f.name(), f.options(), Map.of("scale", "dynamic")));
        assertEquals(3, m.get(SrcnnFactory.FACTOR).ints()[0]);
        int[] shape = m.get(SrcnnFactory.INPUT).shape();
        assertTrue(shape[2] <= 256 && shape[3] <= 256 && shape[2] > 0, java.util.Arrays.toString(shape));
    }
}
