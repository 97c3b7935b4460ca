package org.trt4j.networks.rvm;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.run.TensorRtRunner;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.Cuda;
import org.trt4j.runtime.trt.Precision;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 300 frames of rvm_mobilenetv3 (FP32, 540x960 and optimization level 1 for a short build, ratio 0.25) with the states ping-ponged on the device do not grow
 * device memory: nothing is allocated per frame. cudaMemGetInfo is device-wide, so .ci/gpu/tests.sh runs this
 * class alone (MEMORY_CLASSES).
 */
@Tag("gpu")
class RvmDeviceMemoryGpuTest {
    @Test void statesOnTheDeviceAllocateNothingPerFrame() throws Exception {
        try (TensorRtRunner runner = RvmTensorRtGpuTest.build(Precision.FP32, 540, 960);
             RecurrentMatting matting = new RecurrentMatting(runner, RvmFactory.stateShapes(1, 540, 960, 0.25f))) {
            HostTensor[] frames = {RvmCpuGoldenTest.frame(0, 540, 960), RvmCpuGoldenTest.frame(1, 540, 960)};
            for (int i = 0; i < 5; i++) matting.next(frames[i % 2]);
            long before = Cuda.memoryInfo()[0];
            for (int i = 0; i < 300; i++) matting.next(frames[i % 2]);
            long fell = before - Cuda.memoryInfo()[0];
            System.out.printf("rvm: device memory fell by %d bytes over 300 frames%n", fell);
            assertTrue(fell < 1L << 20, "device memory fell by " + fell + " bytes over 300 frames");
        }
    }
}
