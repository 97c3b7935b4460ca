package org.trt4j.plugins;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.trt4j.plugins.bench.BenchData;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.PluginField;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.ShapeError;
import org.trt4j.runtime.graph.Tensor;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The BatchedNms plugin layer in a trt4j network: shapes, input checks before TensorRT sees them, fields, CPU run. */
class BatchedNmsSpecTest {
    static final BatchedNms.Settings SETTINGS = new BatchedNms.Settings(0.5f, 0.45f, 10, 7, 256);

    private final Network net = new Network("nms-spec");
    private final Network.CurrentScope scope = net.makeCurrent();

    @AfterEach void close() { scope.close(); }

    Tensor input(String name, DType type, int... dims) { return net.addInput(name, type, Shape.of(dims)); }

    Tensor input(String name, int... dims) { return input(name, DType.FLOAT, dims); }

    @Test void outputShapesFollowTheBatchWithKRows() {
        PluginOps.Detections d = PluginOps.nonMaxSuppression(input("boxes", -1, 30, 4), input("scores", -1, 30, 5), SETTINGS);
        assertEquals(Shape.of(-1), d.count().shape());
        assertEquals(Shape.of(-1, 7, 4), d.boxes().shape());
        assertEquals(Shape.of(-1, 7), d.scores().shape());
        assertEquals(Shape.of(-1, 7), d.classes().shape());
        assertEquals(DType.INT32, d.count().dtype());
        assertEquals(DType.FLOAT, d.boxes().dtype());
        assertEquals(DType.FLOAT, d.scores().dtype());
        assertEquals(DType.INT32, d.classes().dtype());
    }

    @Test void badInputsAreShapeErrorsNamingTheShapes() {
        Tensor boxes = input("boxes", 1, 30, 4), scores = input("scores", 1, 30, 5);
        assertShapeError("differ in the box count", () -> PluginOps.nonMaxSuppression(boxes, input("s2", 1, 31, 5), SETTINGS));
        assertShapeError("must be N x B x 4", () -> PluginOps.nonMaxSuppression(input("b2", 1, 30, 5), scores, SETTINGS));
        assertShapeError("must be N x B x 4", () -> PluginOps.nonMaxSuppression(input("b3", 30, 4), scores, SETTINGS));
        assertShapeError("must be N x B x C", () -> PluginOps.nonMaxSuppression(boxes, input("s3", 30, 5), SETTINGS));
        assertShapeError("static box and class counts",
                () -> PluginOps.nonMaxSuppression(input("b4", 1, -1, 4), input("s4", 1, -1, 5), SETTINGS));
        assertShapeError("static box and class counts", () -> PluginOps.nonMaxSuppression(boxes, input("s5", 1, 30, -1), SETTINGS));
        assertShapeError("batch size", () -> PluginOps.nonMaxSuppression(input("b6", 2, 30, 4), input("s6", 3, 30, 5), SETTINGS));
        assertShapeError("must be FLOAT", () -> PluginOps.nonMaxSuppression(boxes, input("s7", DType.HALF, 1, 30, 5), SETTINGS));
        assertShapeError("must be FLOAT", () -> PluginOps.nonMaxSuppression(input("b8", DType.INT32, 1, 30, 4), scores, SETTINGS));
        assertShapeError("at most 65535 images", () -> PluginOps.nonMaxSuppression(input("b9", 70000, 1, 4), input("s9", 70000, 1, 1), SETTINGS));
    }

    static void assertShapeError(String expected, org.junit.jupiter.api.function.Executable e) {
        ShapeError error = assertThrows(ShapeError.class, e);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @Test void fieldsAreThePluginAttributesInOrder() {
        List<PluginField> fields = new BatchedNmsSpec(SETTINGS).fields();
        assertEquals(List.of("score_threshold", "iou_threshold", "max_per_class", "max_detections", "candidates"),
                fields.stream().map(PluginField::name).toList());
        assertEquals(PluginField.Type.FLOAT32, fields.get(0).type());
        assertEquals(0.45f, fields.get(1).floats()[0]);
        assertEquals(PluginField.Type.INT32, fields.get(4).type());
        assertEquals(256, fields.get(4).ints()[0]);
        BatchedNmsSpec spec = new BatchedNmsSpec(SETTINGS);
        assertEquals("BatchedNms", spec.pluginName());
        assertEquals("1", spec.pluginVersion());
        assertEquals("trt4j", spec.pluginNamespace());
    }

    @Test void runsTheReferenceOnTheCpuBackend() {
        int n = 2, b = 50, c = 3;
        Tensor boxes = input("boxes", n, b, 4), scores = input("scores", n, b, c);
        PluginOps.Detections d = PluginOps.nonMaxSuppression(boxes, scores, SETTINGS);
        net.markOutput("count", d.count());
        net.markOutput("det_boxes", d.boxes());
        net.markOutput("det_scores", d.scores());
        net.markOutput("det_classes", d.classes());
        HostTensor boxValues = HostTensor.of(BenchData.detectionBoxes(n, b, 64, 1), n, b, 4);
        HostTensor scoreValues = HostTensor.of(BenchData.saturatedScores(n, b, c, 20, 1), n, b, c);
        Map<String, HostTensor> out = new CpuBackend().run(net, Map.of("boxes", boxValues, "scores", scoreValues));
        HostTensor[] expected = BatchedNms.apply(boxValues, scoreValues, SETTINGS);
        assertArrayEquals(expected[0].ints(), out.get("count").ints());
        assertArrayEquals(expected[1].floats(), out.get("det_boxes").floats());
        assertArrayEquals(expected[2].floats(), out.get("det_scores").floats());
        assertArrayEquals(expected[3].ints(), out.get("det_classes").ints());
        assertTrue(out.get("count").ints()[0] > 0);
    }
}
