package org.trt4j.networks.yolov3;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.run.TensorRtRunner;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.weights.WeightFiles;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.nio.file.Path;
import java.util.Map;

import static org.trt4j.networks.yolov3.YoloV3CpuGoldenTest.assertClose;

/**
 * The full YOLOv3 at 608x608 on TensorRT FP32 against the PyTorch reference, with files the reference script writes
 * (too large for the repository): run with {@code -Dtrt4j.yolov3.dir=DIR} where DIR holds yolov3.wts and
 * yolov3_608.npz from {@code yolov3_reference.py --size 608 --wts DIR/yolov3.wts --golden DIR/yolov3_608.npz}.
 */
@Tag("gpu")
class YoloV3FullSizeTensorRtTest {

    @Test
    void rawHeadsAt608MatchPyTorchWithinOneThousandth() throws Exception {
        String dir = System.getProperty("trt4j.yolov3.dir");
        Assumptions.assumeTrue(dir != null, "set -Dtrt4j.yolov3.dir to the reference script's output directory");
        Map<String, NpyArray> g = Npz.read(Path.of(dir, "yolov3_608.npz"));
        NpyArray input = g.get("input");
        DefinedNetwork d = NetworkRegistry.define("yolov3", WeightFiles.load(Path.of(dir, "yolov3.wts")),
                Map.of("input", "608", "batch", String.valueOf(input.shape()[0]), "heads", "all"), Map.of());
        try (TensorRtRunner trt = TestEngines.runner(d, Precision.FP32)) {
            Map<String, HostTensor> out = trt.run(Map.of(YoloV3Factory.INPUT, HostTensor.of(input.floats(), input.shape())));
            for (String head : new String[]{"head0", "head1", "head2"})
                assertClose(head, g.get(head).floats(), out.get(head).floats(), 1f, 1e-3f);
            assertClose("boxes", g.get("boxes").floats(), out.get("boxes").floats(), 608, 1e-3f);
            int[] s = g.get("scores").shape();
            Detections det = Nms.run(out.get("boxes").floats(), out.get("scores").floats(), s[0], s[1], s[2], Golden.nmsSettings(g));
            Golden.assertSameDetections(g, det, 1e-2f);
        }
    }
}
