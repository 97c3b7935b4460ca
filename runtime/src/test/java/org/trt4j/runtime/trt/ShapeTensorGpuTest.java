package org.trt4j.runtime.trt;

import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.nvinfer.IShuffleLayer;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A shape-tensor input (host-side INT32 values) that drives the output shape: x[16] reshaped to the (rows, cols)
 * given at run time. Checks the value profile, output shapes and values at several settings.
 */
@Tag("gpu")
class ShapeTensorGpuTest {

    @Test void reshapeTargetComesFromAShapeTensor() {
        TrtNetworkEmitter reshape = (network, keepAlive) -> {
            ITensor x = network.addInput("x", DataType.kFLOAT, TrtTypes.dims(new int[] {16}));
            ITensor shape = network.addInput("shape", DataType.kINT32, TrtTypes.dims(new int[] {2}));
            IShuffleLayer shuffle = network.addShuffle(x);
            assertNotNull(shuffle);
            shuffle.setInput(1, shape);
            ITensor y = shuffle.getOutput(0);
            y.setName("y");
            network.markOutput(y);
        };
        BuildOptions options = BuildOptions.defaults().withProgress(false).withValueProfile("shape", ShapeRange.parse("1x1:4x4:16x16"));
        try (Engine engine = Engine.fromPlan(EngineBuilder.build("reshape", reshape, options)); ExecutionSession session = engine.newSession()) {
            EngineTensor shapeInput = engine.inputs().stream().filter(t -> t.name().equals("shape")).findFirst().orElseThrow();
            assertTrue(shapeInput.shapeTensor(), "TensorRT treats 'shape' as a shape tensor");
            assertEquals(ShapeRange.parse("1x1:4x4:16x16"), shapeInput.valueProfile());
            float[] x = new float[16];
            for (int i = 0; i < 16; i++) x[i] = i * 0.5f - 3;
            session.setInput("x", x);
            assertThrows(UserError.class, session::run, "values must be set first");
            for (int[] rc : new int[][] {{2, 8}, {4, 4}, {16, 1}, {1, 16}}) {
                session.setShapeValues("shape", rc);
                session.setInput("x", x);
                session.run();
                HostTensor y = session.output("y");
                assertArrayEquals(rc, y.shape());
                assertArrayEquals(x, y.floats());
            }
            UserError outside = assertThrows(UserError.class, () -> session.setShapeValues("shape", 32, 1));
            assertTrue(outside.getMessage().contains("outside the engine's range"), outside.getMessage());
        }
    }
}
