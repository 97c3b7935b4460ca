package org.trt4j.runtime.trt;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.layers.NetworkTranslator;

import java.util.Map;

import static org.trt4j.runtime.trt.RecurrentCell.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Device tensors bound to a session: the recurrent cell run 1 000 steps with its state ping-ponged between two
 * device tensors (never copied to the host) against the CPU backend run the same steps, device memory flat, and the
 * bind errors.
 *
 * <p>Tolerance 1e-4 absolute (|h| < 1, |y| < 2.5): FP32 with TF32 off differs from the CPU backend by about 1e-6 per
 * step (summation order, tanh); the cell is contractive (factor 0.86, see {@link RecurrentCell}) so the state's
 * difference stays below about 7 times that; 1e-4 leaves a wide margin yet fails on any real error (a stale or
 * host-side state, a wrong buffer), which moves values by 1e-2 or more.
 */
@Tag("gpu")
class DeviceTensorGpuTest {
    static final int SIZE = 8, STEPS = 1000, WARM_UP = 10;
    static final float TOLERANCE = 1e-4f;
    static final long MEMORY_ALLOWANCE = 1L << 20;
    static final int[] STATE_SHAPE = {1, STATE_CHANNELS, SIZE, SIZE};

    static Network network;
    static EnginePlan plan;

    @BeforeAll static void build() {
        network = RecurrentCell.network();
        plan = EngineBuilder.build(network.name(), new NetworkTranslator(network), RecurrentCell.buildOptions());
    }

    @Test void thousandStepsWithTheStateOnTheDeviceMatchTheCpuBackend() {
        CpuBackend cpu = new CpuBackend();
        HostTensor h0 = initialState(SIZE);
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession();
             DeviceTensor a = DeviceTensor.upload(DType.FLOAT, h0); DeviceTensor b = DeviceTensor.zeros(DType.FLOAT, STATE_SHAPE)) {
            session.bind(STATE_IN, a).bind(STATE_OUT, b);
            HostTensor cpuState = h0;
            float worstY = 0, worstState = 0;
            long freeAfterWarmUp = 0;
            for (int step = 0; step < STEPS; step++) {
                HostTensor x = frame(step, SIZE);
                Map<String, HostTensor> want = cpu.run(network, Map.of(X, x, STATE_IN, cpuState));
                session.setInput(X, x);
                session.run();
                worstY = Math.max(worstY, maxAbsDiff(session.output(Y), want.get(Y)));
                cpuState = want.get(STATE_OUT);
                if (step % 100 == 99) worstState = Math.max(worstState, maxAbsDiff(session.output(STATE_OUT), cpuState)); // downloads b or a
                session.swap(STATE_OUT, STATE_IN);
                if (step == WARM_UP - 1) freeAfterWarmUp = Cuda.memoryInfo()[0];
            }
            long freeAfter = Cuda.memoryInfo()[0];
            assertSame(a, session.boundTensor(STATE_IN), "after an even number of swaps the newest state is back in a");
            worstState = Math.max(worstState, maxAbsDiff(a.download(), cpuState));
            assertTrue(worstY < TOLERANCE, "y differs from the CPU backend by " + worstY);
            assertTrue(worstState < TOLERANCE, "the state differs from the CPU backend by " + worstState);
            assertTrue(maxAbsDiff(cpuState, h0) > 0.05f, "the state moved away from h0 (else the test proves little)");
            assertTrue(freeAfterWarmUp - freeAfter < MEMORY_ALLOWANCE,
                    "device memory fell by " + (freeAfterWarmUp - freeAfter) + " bytes over " + (STEPS - WARM_UP) + " steps");
        }
    }

    @Test void unbindReturnsToTheHostPath() {
        HostTensor h0 = initialState(SIZE), x = frame(0, SIZE);
        Map<String, HostTensor> want = new CpuBackend().run(network, Map.of(X, x, STATE_IN, h0));
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession();
             DeviceTensor state = DeviceTensor.upload(DType.FLOAT, h0)) {
            session.bind(STATE_IN, state).setInput(X, x);
            session.run();
            HostTensor bound = session.output(STATE_OUT);
            session.unbind(STATE_IN).setInput(STATE_IN, h0);
            session.run();
            assertTrue(maxAbsDiff(bound, want.get(STATE_OUT)) < TOLERANCE, "bound input");
            assertTrue(maxAbsDiff(session.output(STATE_OUT), want.get(STATE_OUT)) < TOLERANCE, "host input after unbind");
            assertTrue(maxAbsDiff(session.output(Y), want.get(Y)) < TOLERANCE, "y after unbind");
            assertNull(session.boundTensor(STATE_IN));
        }
    }

    @Test void uploadAndDownloadKeepValuesForEveryType() {
        HostTensor floats = HostTensor.of(new float[] {1.5f, -2.25f, 0f, 65504f}, 2, 2);
        try (DeviceTensor f = DeviceTensor.upload(DType.FLOAT, floats); DeviceTensor h = DeviceTensor.upload(DType.HALF, floats)) {
            assertArrayEquals(floats.floats(), f.download().floats());
            assertArrayEquals(floats.floats(), h.download().floats(), "all four values are exact in FP16");
            assertEquals(16, f.byteSize());
            assertEquals(8, h.byteSize());
        }
        HostTensor ints = HostTensor.ofInts(new int[] {7, -3, 0, Integer.MAX_VALUE}, 4);
        try (DeviceTensor i32 = DeviceTensor.upload(DType.INT32, ints); DeviceTensor i64 = DeviceTensor.upload(DType.INT64, ints);
             DeviceTensor bool = DeviceTensor.upload(DType.BOOL, ints)) {
            assertArrayEquals(ints.ints(), i32.download().ints());
            assertArrayEquals(ints.ints(), i64.download().ints());
            assertArrayEquals(new int[] {1, 1, 0, 1}, bool.download().ints());
            i32.fillZeros();
            assertArrayEquals(new int[4], i32.download().ints());
        }
        try (DeviceTensor z = DeviceTensor.zeros(DType.FLOAT, 3, 5)) {
            assertArrayEquals(new float[15], z.download().floats());
            String message = assertThrows(UserError.class, () -> z.copyFrom(HostTensor.zeros(5, 3))).getMessage();
            assertTrue(message.contains("FLOAT 3x5 cannot take a host tensor of shape 5x3"), message);
        }
    }

    @Test void bindRejectsWrongTypesShapesAndNames() {
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession();
             DeviceTensor ints = DeviceTensor.zeros(DType.INT32, STATE_SHAPE);
             DeviceTensor wrongChannels = DeviceTensor.zeros(DType.FLOAT, 1, 4, SIZE, SIZE);
             DeviceTensor outsideProfile = DeviceTensor.zeros(DType.FLOAT, 1, STATE_CHANNELS, 32, 32);
             DeviceTensor big = DeviceTensor.zeros(DType.FLOAT, 1, STATE_CHANNELS, 16, 16);
             DeviceTensor state = DeviceTensor.zeros(DType.FLOAT, STATE_SHAPE)) {
            assertMessage(() -> session.bind(STATE_IN, ints), "input 'h' has type FLOAT 1x8x?x?, got a device tensor of type INT32 1x8x8x8");
            assertMessage(() -> session.bind(STATE_IN, wrongChannels), "dimension 1 is fixed at 8, got 1x4x8x8");
            assertMessage(() -> session.bind(STATE_IN, outsideProfile), "outside the engine's profile");
            assertMessage(() -> session.bind("nope", state), "the engine has no tensor 'nope'");

            // the output's shape is known only once the inputs are: checked before the run
            session.bind(STATE_IN, state).bind(STATE_OUT, big).setInput(X, frame(0, SIZE));
            assertMessage(session::run, "output 'h_out' has shape 1x8x8x8 for the current inputs, but its bound device tensor has shape 1x8x16x16");
            session.unbind(STATE_OUT);
            session.run();
            // now the shapes are known: bind itself checks
            assertMessage(() -> session.bind(STATE_OUT, big), "output 'h_out' has shape 1x8x8x8 for the current inputs");

            assertMessage(() -> session.setInput(STATE_IN, initialState(SIZE)), "input 'h' is bound to device tensor FLOAT 1x8x8x8");
            assertMessage(() -> session.setInputShape(STATE_IN, 1, STATE_CHANNELS, 16, 16), "needs another tensor");
            assertMessage(() -> session.swap(STATE_OUT, STATE_IN), "swap needs both names bound");

            session.bind(STATE_OUT, state); // same tensor as the input: TensorRT would read and write one buffer
            assertMessage(session::run, "output 'h_out' and input 'h' are bound to the same device tensor");
        }
    }

    @Test void closedTensorsAreClearErrors() {
        try (Engine engine = Engine.fromPlan(plan); ExecutionSession session = engine.newSession()) {
            DeviceTensor t = DeviceTensor.zeros(DType.FLOAT, STATE_SHAPE);
            session.bind(STATE_IN, t).setInput(X, frame(0, SIZE));
            session.run();
            t.close();
            t.close(); // once freed, closing again does nothing
            assertTrue(t.isClosed());
            IllegalStateException run = assertThrows(IllegalStateException.class, session::run);
            assertTrue(run.getMessage().contains("input 'h' is bound to device tensor FLOAT 1x8x8x8, which is closed"), run.getMessage());
            IllegalStateException download = assertThrows(IllegalStateException.class, t::download);
            assertTrue(download.getMessage().contains("device tensor FLOAT 1x8x8x8 is closed"), download.getMessage());
            assertThrows(IllegalStateException.class, () -> t.copyFrom(initialState(SIZE)));
            assertThrows(IllegalStateException.class, t::fillZeros);
            assertThrows(IllegalStateException.class, () -> session.bind(STATE_OUT, t));
            session.unbind(STATE_IN).setInput(STATE_IN, initialState(SIZE));
            session.run(); // the session works again on its own buffer
        }
    }

    private static void assertMessage(Runnable call, String expected) {
        UserError e = assertThrows(UserError.class, call::run);
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }
}
