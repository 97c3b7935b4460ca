package org.trt4j.networks.rvm;

import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.run.Runner;
import org.trt4j.runtime.run.TensorRtRunner;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.DeviceTensor;
import org.trt4j.runtime.trt.ExecutionSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@code rvm_mobilenetv3} runner frame by frame, carrying the recurrent states r1..r4 from each frame's
 * outputs into the next frame's inputs, starting from zeros. On TensorRT the states never leave the GPU: each state
 * has two device tensors bound as r_i (input) and r_o (output), swapped after every frame (ping-pong), so a frame
 * costs only the source upload and the fgr/pha download. On the CPU backend the host tensors are carried.
 * Does not own the runner; close this before the runner.
 */
public final class RecurrentMatting implements AutoCloseable {
    /** One frame's result: fgr [B, 3, H, W] and pha [B, 1, H, W] in 0..1. */
    public record Matte(HostTensor fgr, HostTensor pha) {}

    private final Runner runner;
    private final List<int[]> stateShapes;
    private final ExecutionSession session; // null on the CPU backend
    private final List<DeviceTensor> deviceStates = new ArrayList<>();
    private final Map<String, HostTensor> hostStates = new HashMap<>();

    public RecurrentMatting(Runner runner, List<int[]> stateShapes) {
        this.runner = runner;
        this.stateShapes = List.copyOf(stateShapes);
        if (runner instanceof TensorRtRunner trt) {
            session = trt.session();
            try {
                for (int i = 0; i < 4; i++) {
                    DeviceTensor in = add(DeviceTensor.zeros(DType.FLOAT, stateShapes.get(i)));
                    DeviceTensor out = add(DeviceTensor.zeros(DType.FLOAT, stateShapes.get(i)));
                    session.bind(RvmFactory.STATE_INPUTS.get(i), in).bind(RvmFactory.STATE_OUTPUTS.get(i), out);
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        } else {
            session = null;
            reset();
        }
    }

    private DeviceTensor add(DeviceTensor t) {
        deviceStates.add(t);
        return t;
    }

    /** Zero states: the next frame starts a new clip. */
    public void reset() {
        if (session != null) {
            for (DeviceTensor t : deviceStates) t.fillZeros();
            return;
        }
        for (int i = 0; i < 4; i++) {
            int[] s = stateShapes.get(i);
            hostStates.put(RvmFactory.STATE_INPUTS.get(i), HostTensor.of(new float[s[0] * s[1] * s[2] * s[3]], s));
        }
    }

    /** Mattes one frame (src [B, 3, H, W] in 0..1) and keeps the new states for the next. */
    public Matte next(HostTensor src) {
        if (session != null) {
            session.setInput(RvmFactory.SRC, src);
            session.run();
            for (int i = 0; i < 4; i++) session.swap(RvmFactory.STATE_OUTPUTS.get(i), RvmFactory.STATE_INPUTS.get(i));
            return new Matte(session.output(RvmFactory.FGR), session.output(RvmFactory.PHA));
        }
        Map<String, HostTensor> inputs = new LinkedHashMap<>(hostStates);
        inputs.put(RvmFactory.SRC, src);
        Map<String, HostTensor> out = runner.run(inputs);
        for (int i = 0; i < 4; i++) hostStates.put(RvmFactory.STATE_INPUTS.get(i), out.get(RvmFactory.STATE_OUTPUTS.get(i)));
        return new Matte(out.get(RvmFactory.FGR), out.get(RvmFactory.PHA));
    }

    /**
     * TensorRT only: runs one frame whose src the caller has bound to a device tensor (and fgr/pha too, if it wants
     * them there), then swaps the states: nothing crosses to the host.
     */
    public void nextOnDevice() {
        if (session == null) throw new IllegalStateException("nextOnDevice needs a TensorRT runner");
        session.run();
        for (int i = 0; i < 4; i++) session.swap(RvmFactory.STATE_OUTPUTS.get(i), RvmFactory.STATE_INPUTS.get(i));
    }

    /** The states the next frame will read, r1i..r4i (downloaded from the GPU on TensorRT). */
    public List<HostTensor> states() {
        List<HostTensor> list = new ArrayList<>();
        for (String name : RvmFactory.STATE_INPUTS)
            list.add(session != null ? session.boundTensor(name).download() : hostStates.get(name));
        return list;
    }

    @Override public void close() {
        for (DeviceTensor t : deviceStates) t.close();
        deviceStates.clear();
    }
}
