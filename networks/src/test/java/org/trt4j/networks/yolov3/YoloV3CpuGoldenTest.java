package org.trt4j.networks.yolov3;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.npy.NpyArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The network built from the slim cfg, run by the CPU backend at 128x128, batch 2, against the PyTorch golden. */
class YoloV3CpuGoldenTest {

    @Test
    void rawHeadsDecodeAndNmsMatchPyTorch() throws Exception {
        Map<String, NpyArray> g = Golden.heads();
        DefinedNetwork d = YoloV3NetworkTest.slim("all");
        NpyArray input = g.get("input");
        Map<String, HostTensor> out = new CpuBackend().run(d.network(), Map.of("input", HostTensor.of(input.floats(), input.shape())));
        for (String head : new String[]{"head0", "head1", "head2"}) {
            assertArrayEquals(g.get(head).shape(), out.get(head).shape(), head);
            assertClose(head, g.get(head).floats(), out.get(head).floats(), 1f, 1e-4f);
        }
        assertClose("scores", g.get("scores").floats(), out.get("scores").floats(), 1f, 1e-4f);
        // corners are centre ± half size: the difference of values of image scale, so errors scale with the image
        assertClose("boxes", g.get("boxes").floats(), out.get("boxes").floats(), Golden.SIZE, 1e-4f);

        int[] s = g.get("scores").shape();
        Detections det = Nms.run(out.get("boxes").floats(), out.get("scores").floats(), s[0], s[1], s[2], Golden.nmsSettings(g));
        Golden.assertSameDetections(g, det, 1e-3f);
        Golden.assertSameDetections(g, detections(out, g.get("det_scores").shape()[1]), 1e-3f);
    }

    @Test
    void detectionsHeadsRunNmsInsideTheNetwork() throws Exception {
        Map<String, NpyArray> g = Golden.heads();
        DefinedNetwork d = YoloV3NetworkTest.slim("detections");
        assertEquals(YoloV3Network.DETECTION_OUTPUTS, d.network().outputs().stream().map(t -> t.name()).toList());
        NpyArray input = g.get("input");
        Map<String, HostTensor> out = new CpuBackend().run(d.network(), Map.of("input", HostTensor.of(input.floats(), input.shape())));
        Golden.assertSameDetections(g, detections(out, g.get("det_scores").shape()[1]), 1e-3f);
    }

    /** The det_* outputs of a network as Detections. */
    static Detections detections(Map<String, HostTensor> out, int k) {
        return Nms.fromOutputs(out.get("det_count"), out.get("det_boxes"), out.get("det_scores"), out.get("det_classes"), k);
    }

    /** max |a − b| / max(scale, |a|) over all elements: relative above {@code scale}, absolute (× scale) below. */
    static void assertClose(String what, float[] expected, float[] actual, float scale, float tolerance) {
        assertTrue(expected.length == actual.length, what + ": " + actual.length + " values, expected " + expected.length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.abs(expected[i] - actual[i]) / Math.max(scale, Math.abs(expected[i]));
            if (!(e <= worst)) { worst = e; at = i; }
        }
        assertTrue(worst <= tolerance, what + ": max error " + worst + " at " + at + " (expected " + (at >= 0 ? expected[at] : 0)
                + ", got " + (at >= 0 ? actual[at] : 0) + ")");
    }
}
