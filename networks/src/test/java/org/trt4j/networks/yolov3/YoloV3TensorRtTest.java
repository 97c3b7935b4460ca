package org.trt4j.networks.yolov3;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.plugins.BatchedNmsSpec;
import org.trt4j.plugins.Plugins;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.run.TensorRtRunner;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.PluginLibrary;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.ShapeRange;
import org.trt4j.weights.npy.NpyArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trt4j.networks.yolov3.YoloV3CpuGoldenTest.assertClose;

/** TensorRT (FP32) against the PyTorch golden and against the CPU backend. Needs an NVIDIA GPU with TensorRT 10.6. */
@Tag("gpu")
class YoloV3TensorRtTest {

    @Test
    void rawHeadsAndDecodeMatchPyTorchAtFp32() throws Exception {
        Map<String, NpyArray> g = Golden.heads();
        NpyArray input = g.get("input");
        try (TensorRtRunner trt = TestEngines.runner(YoloV3NetworkTest.slim("all"), Precision.FP32)) {
            Map<String, HostTensor> out = trt.run(Map.of(YoloV3Factory.INPUT, HostTensor.of(input.floats(), input.shape())));
            for (String head : new String[]{"head0", "head1", "head2"}) {
                assertArrayEquals(g.get(head).shape(), out.get(head).shape(), head);
                assertClose(head, g.get(head).floats(), out.get(head).floats(), 1f, 1e-3f);
            }
            assertClose("scores", g.get("scores").floats(), out.get("scores").floats(), 1f, 1e-3f);
            assertClose("boxes", g.get("boxes").floats(), out.get("boxes").floats(), Golden.SIZE, 1e-3f);
            int[] s = g.get("scores").shape();
            Detections d = Nms.run(out.get("boxes").floats(), out.get("scores").floats(), s[0], s[1], s[2], Golden.nmsSettings(g));
            Golden.assertSameDetections(g, d, 1e-2f);
        }
    }

    @Test
    void batchOneOfTheDynamicProfileGivesTheFirstImage() throws Exception {
        Map<String, NpyArray> g = Golden.heads();
        float[] all = g.get("input").floats();
        float[] first = java.util.Arrays.copyOf(all, all.length / 2);
        try (TensorRtRunner trt = TestEngines.runner(YoloV3NetworkTest.slim("raw"), Precision.FP32)) {
            HostTensor head0 = trt.run(Map.of(YoloV3Factory.INPUT, HostTensor.of(first, 1, 3, Golden.SIZE, Golden.SIZE))).get("head0");
            float[] expected = g.get("head0").floats();
            assertClose("head0 of image 0", java.util.Arrays.copyOf(expected, expected.length / 2), head0.floats(), 1f, 1e-3f);
        }
    }

    @Test
    void decodeOnTheGpuGivesTheCpuDetections() {
        SyntheticHeads s = DecodeNmsTest.scene();
        var network = DecodeNmsTest.decodeNetwork(s.heads);
        Map<String, HostTensor> inputs = DecodeNmsTest.inputs(s);
        Map<String, ShapeRange> profiles = DecodeNmsTest.batchProfiles(inputs);
        Map<String, HostTensor> cpu = new CpuBackend().run(network, inputs);
        try (Engine engine = TestEngines.engine(network, profiles, Precision.FP32); var session = engine.newSession()) {
            inputs.forEach(session::setInput);
            session.run();
            Map<String, HostTensor> gpu = session.outputs();
            assertClose("scores", cpu.get("scores").floats(), gpu.get("scores").floats(), 1f, 1e-5f);
            assertClose("boxes", cpu.get("boxes").floats(), gpu.get("boxes").floats(), DecodeNmsTest.SIZE, 1e-5f);
            NmsSettings settings = new NmsSettings(0.3f, 0.45f, 100, 10);
            Detections onCpu = DecodeNmsTest.detect(cpu, settings), onGpu = DecodeNmsTest.detect(gpu, settings);
            assertArrayEquals(onCpu.count(), onGpu.count());
            assertArrayEquals(onCpu.classes(), onGpu.classes());
            for (int i = 0; i < 2; i++) DecodeNmsTest.assertDetections(onCpu.of(i), onGpu.of(i));
        }
    }

    @Test
    void nmsInsideTheEngineMatchesPyTorchAndTheCpuBackend() throws Exception {
        Map<String, NpyArray> g = Golden.heads();
        NpyArray input = g.get("input");
        HostTensor in = HostTensor.of(input.floats(), input.shape());
        var defined = YoloV3NetworkTest.slim("detections");
        Map<String, HostTensor> cpu = new CpuBackend().run(defined.network(), Map.of("input", in));
        int k = g.get("det_scores").shape()[1];
        try (TensorRtRunner trt = TestEngines.runner(defined, Precision.FP32)) {
            assertListsTheNmsPluginLibrary(trt.engine());
            Detections onGpu = YoloV3CpuGoldenTest.detections(trt.run(Map.of(YoloV3Factory.INPUT, in)), k), onCpu = YoloV3CpuGoldenTest.detections(cpu, k);
            assertArrayEquals(onCpu.count(), onGpu.count(), "detection counts, engine vs CPU backend");
            Golden.assertSameDetections(g, onCpu, 1e-3f);
            Golden.assertSameDetections(g, onGpu, 1e-2f);
        }
    }

    @Test
    void nmsOnTheSyntheticSceneGivesTheCpuRows() {
        SyntheticHeads s = DecodeNmsTest.scene();
        var network = DecodeNmsTest.decodeNetwork(s.heads);
        DecodeNmsTest.addNms(network);
        Map<String, HostTensor> inputs = DecodeNmsTest.inputs(s);
        Map<String, ShapeRange> profiles = DecodeNmsTest.batchProfiles(inputs);
        Detections onCpu = YoloV3CpuGoldenTest.detections(new CpuBackend().run(network, inputs), 10);
        try (Engine engine = TestEngines.engine(network, profiles, Precision.FP32); var session = engine.newSession()) {
            assertListsTheNmsPluginLibrary(engine);
            inputs.forEach(session::setInput);
            session.run();
            Detections onGpu = YoloV3CpuGoldenTest.detections(session.outputs(), 10);
            assertArrayEquals(onCpu.count(), onGpu.count());
            assertArrayEquals(onCpu.classes(), onGpu.classes(), "classes, zero past the count");
            for (int i = 0; i < 2; i++) DecodeNmsTest.assertDetections(onCpu.of(i), onGpu.of(i));
            assertClose("padded boxes", onCpu.boxes(), onGpu.boxes(), DecodeNmsTest.SIZE, 1e-5f);
            assertClose("padded scores", onCpu.scores(), onGpu.scores(), 1f, 1e-5f);
        }
    }

    /** The sidecar of an engine with the BatchedNms layer lists libtrt4j_plugins.so, as loaded, with that creator. */
    private static void assertListsTheNmsPluginLibrary(Engine engine) {
        assertEquals(List.of(new PluginLibrary(Plugins.LIBRARY_FILE, Plugins.load().toString(), List.of(
                new PluginLibrary.Creator(BatchedNmsSpec.NAME, Plugins.PLUGIN_VERSION, Plugins.PLUGIN_NAMESPACE)))), engine.info().pluginLibraries(),
                "the detection engine's sidecar lists libtrt4j_plugins.so for its BatchedNms layer");
    }
}
