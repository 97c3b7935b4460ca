package org.trt4j.runtime.triton;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.trt.EngineInfo;
import org.trt4j.runtime.trt.EngineTensor;
import org.trt4j.runtime.trt.ShapeRange;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** config.pbtxt from engine sidecars: batching only where Triton allows it, types and dims as Triton reads them. */
class TritonConfigTest {

    static EngineInfo engine(List<EngineTensor> inputs, List<EngineTensor> outputs) {
        return new EngineInfo(1, "yolov3", Map.of(), "FP16", Map.of(), inputs, outputs, "10.6.0.26", "NVIDIA H100 80GB HBM3", "9.0",
                List.of(), null, null, null, 1.0);
    }

    static EngineTensor dynamicInput(String name, String range) {
        ShapeRange r = ShapeRange.parse(range);
        int[] shape = r.min().clone();
        for (int i = 0; i < shape.length; i++) if (r.min()[i] != r.max()[i]) shape[i] = -1;
        return new EngineTensor(name, DType.FLOAT, shape, true, false, r, null);
    }

    static EngineTensor output(String name, DType type, int... shape) {
        return new EngineTensor(name, type, shape, false, false, null, null);
    }

    @Test void batchDimensionFromTheProfileBecomesMaxBatchSize() {
        EngineInfo e = engine(List.of(dynamicInput("input", "1x3x608x608:4x3x608x608:8x3x608x608")),
                List.of(output("boxes", DType.FLOAT, -1, 100, 4), output("count", DType.INT32, -1)));
        TritonConfig c = TritonConfig.of("yolov3", e, null, 2);
        String text = c.toPbtxt();
        assertEquals(List.of(), TritonRules.broken(text, "yolov3"), text);
        assertEquals(8, c.maxBatchSize());
        assertTrue(text.contains("max_batch_size: 8\n") && text.contains("dynamic_batching { }"), text);
        var io = TritonRules.tensors(text);
        assertArrayEquals(new int[]{3, 608, 608}, io.get("input").get(0).dims(), "dims leave the batch out");
        assertArrayEquals(new int[]{100, 4}, io.get("output").get(0).dims());
        assertArrayEquals(new int[]{1}, io.get("output").get(1).dims(), "a per-item scalar is declared [1]");
        assertEquals("TYPE_INT32", io.get("output").get(1).type());
        assertTrue(text.contains("count: 2"), text);
    }

    @Test void fixedOrNonUnitBatchMeansNoBatchingAndFullDims() {
        EngineInfo fixed = engine(List.of(new EngineTensor("x", DType.HALF, new int[]{1, 3, 256, 256}, true, false, null, null)),
                List.of(output("y", DType.HALF, 1, 3, 768, 768)));
        TritonConfig c = TritonConfig.of("sr", fixed, null, 1);
        String text = c.toPbtxt();
        assertEquals(List.of(), TritonRules.broken(text, "sr"), text);
        assertEquals(0, c.maxBatchSize());
        assertFalse(text.contains("dynamic_batching"), text);
        assertArrayEquals(new int[]{1, 3, 256, 256}, TritonRules.tensors(text).get("input").get(0).dims());
        assertEquals("TYPE_FP16", TritonRules.tensors(text).get("input").get(0).type());

        // a dynamic batch whose profile starts at 2: Triton may send 1, so no batching; dims keep the -1
        EngineInfo fromTwo = engine(List.of(dynamicInput("x", "2x3x64x64:2x3x256x256:4x3x512x512")),
                List.of(output("y", DType.FLOAT, -1, 3, -1, -1)));
        TritonConfig d = TritonConfig.of("sr", fromTwo, null, 1);
        assertEquals(0, d.maxBatchSize());
        assertArrayEquals(new int[]{-1, 3, -1, -1}, TritonRules.tensors(d.toPbtxt()).get("input").get(0).dims());
        assertEquals(List.of(), TritonRules.broken(d.toPbtxt(), "sr"));
    }

    @Test void shapeTensorInputsAreMarkedAndTurnBatchingOff() {
        EngineTensor factor = new EngineTensor("size", DType.INT32, new int[]{2}, true, true, null, ShapeRange.parse("64x64:256x256:512x512"));
        EngineInfo e = engine(List.of(dynamicInput("image", "1x3x64x64:1x3x256x256:1x3x512x512"), factor),
                List.of(output("out", DType.FLOAT, -1, 3, -1, -1)));
        TritonConfig c = TritonConfig.of("srcnn", e, null, 1);
        assertEquals(0, c.maxBatchSize());
        assertTrue(c.toPbtxt().contains("    is_shape_tensor: true\n"), c.toPbtxt());
        assertEquals(List.of(), TritonRules.broken(c.toPbtxt(), "srcnn"));
    }

    @Test void requestedBatchMustFitTheProfile() {
        EngineInfo e = engine(List.of(dynamicInput("input", "1x3x608x608:4x3x608x608:8x3x608x608")), List.of(output("o", DType.FLOAT, -1, 10)));
        assertEquals(4, TritonConfig.of("m", e, 4, 1).maxBatchSize());
        assertEquals(0, TritonConfig.of("m", e, 0, 1).maxBatchSize());
        UserError over = assertThrows(UserError.class, () -> TritonConfig.of("m", e, 16, 1));
        assertTrue(over.getMessage().contains("largest batch 8"), over.getMessage());
        EngineInfo fixed = engine(List.of(new EngineTensor("x", DType.FLOAT, new int[]{1, 3}, true, false, null, null)),
                List.of(output("o", DType.FLOAT, 1, 3)));
        UserError cannot = assertThrows(UserError.class, () -> TritonConfig.of("m", fixed, 2, 1));
        assertTrue(cannot.getMessage().contains("fixed first dimension"), cannot.getMessage());
        assertThrows(UserError.class, () -> TritonConfig.of("bad/name", e, null, 1));
    }

    @Test void theRulesCatchWhatTritonRefuses() {
        // the checker itself: a config with batching but no batch and a bad type must fail it
        String bad = "name: \"m\"\nplatform: \"tensorrt_plan\"\nmax_batch_size: 0\ninput [\n  {\n    name: \"x\"\n    data_type: TYPE_FLOAT\n"
                + "    dims: [ 0 ]\n  }\n]\noutput [\n]\ndynamic_batching { }\n";
        List<String> broken = TritonRules.broken(bad, "other");
        assertEquals(6, broken.size(), broken.toString());
    }
}
