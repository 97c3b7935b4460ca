package org.trt4j.runtime.trt;

import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.weights.Half;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.cuda.global.cudart.*;

/**
 * Runs an engine: its own execution context and CUDA stream, device buffers allocated once at the profile's largest
 * shapes (grown only if a larger shape appears), page-locked host buffers, async copies around enqueueV3. Nothing is
 * allocated per inference. Optionally replays the work as a CUDA graph while shapes stay the same, and times the GPU
 * work with CUDA events.
 *
 * <p>Use: {@link #setInputShape} (dynamic inputs), {@link #setInput}, {@link #run()}, then {@link #output} by name.
 * Not thread-safe: one session per thread.
 *
 * <p>Device-resident data: {@link #bind} an input or output to a {@link DeviceTensor} and the session reads or
 * writes that memory instead of its own buffer, with no host copy. A recurrent network keeps its state on the GPU by
 * binding two tensors, A as the state input and B as the state output, and calling {@link #swap} after each run, so
 * the output just written becomes the next run's input:
 * <pre>{@code
 * session.bind("r1i", a).bind("r1o", b);
 * for (frame : frames) { session.setInput("src", frame); session.run(); session.swap("r1o", "r1i"); }
 * }</pre>
 */
public final class ExecutionSession implements AutoCloseable {
    private final Engine owner;
    private final IExecutionContext context;
    private final CUstream_st stream;
    private final Map<String, Binding> bindings = new LinkedHashMap<>();
    private final List<Binding> inputs = new ArrayList<>();
    private final List<Binding> outputs = new ArrayList<>();
    private final TrtLogger logger = TrtLogger.get();
    private boolean shapesChanged = true;
    private boolean bindingsChanged;
    private boolean useCudaGraph;
    private CUgraphExec_st graph;
    private boolean graphFailed;
    private CUevent_st[] events;
    private final float[] elapsed = new float[1];
    private float gpuMillis = Float.NaN, computeMillis = Float.NaN;
    private boolean closed;

    /** One input or output: its device buffer, page-locked host buffer and current shape. */
    private static final class Binding {
        final EngineTensor spec;
        final BytePointer name;
        final Dims64 dims = new Dims64();
        final boolean hostShapeTensor;
        int[] shape;
        boolean shapeKnown;
        long bytes;
        Pointer device;
        long deviceCapacity;
        Pointer host;
        Pointer view; // host, typed by dtype (FloatPointer, ShortPointer, IntPointer, LongPointer, BytePointer)
        long hostCapacity;
        short[] halfScratch = new short[0];
        DeviceTensor bound; // replaces the session's own device buffer while set (then device is null)

        Binding(EngineTensor spec) {
            this.spec = spec;
            this.name = new BytePointer(spec.name());
            this.hostShapeTensor = spec.shapeTensor();
            this.shape = spec.shape();
            this.shapeKnown = !spec.isDynamic();
        }

        long elementCount() { return Shape.of(shape).volume(); }

        void setHost(Pointer p, long capacity) {
            host = p;
            hostCapacity = capacity;
            view = switch (spec.dtype()) {
                case FLOAT -> new FloatPointer(p);
                case HALF -> new ShortPointer(p);
                case INT32 -> new IntPointer(p);
                case INT64 -> new LongPointer(p);
                case BOOL -> new BytePointer(p);
            };
        }

        String label() { return BindingRules.label(spec); }
    }

    ExecutionSession(Engine owner, ICudaEngine engine) {
        this.owner = owner;
        this.context = TrtObjects.own(engine.createExecutionContext(), IExecutionContext::new, "createExecutionContext");
        CUstream_st s = null;
        try {
            s = Cuda.createStream();
            for (EngineTensor t : owner.inputs()) add(t, inputs);
            for (EngineTensor t : owner.outputs()) add(t, outputs);
        } catch (RuntimeException e) {
            this.stream = s;
            close();
            throw e;
        }
        this.stream = s;
        try {
            allocateAtLargestShapes();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void add(EngineTensor t, List<Binding> list) {
        Binding b = new Binding(t);
        bindings.put(t.name(), b);
        list.add(b);
    }

    /** Sizes every buffer for the profile's max shapes, then forgets those shapes: dynamic inputs must be set. */
    private void allocateAtLargestShapes() {
        for (Binding b : inputs) {
            if (b.hostShapeTensor) {
                long n = b.elementCount();
                if (b.spec.dtype() != DType.INT32 && b.spec.dtype() != DType.INT64)
                    throw new UserError(b.label() + " is a shape tensor of type " + b.spec.dtype() + "; expected INT32 or INT64");
                b.setHost(b.spec.dtype() == DType.INT64 ? new LongPointer(n) : new IntPointer(n), n * b.spec.dtype().bytes());
                int[] max = b.spec.valueProfile() != null ? b.spec.valueProfile().max() : new int[(int) n];
                writeShapeValues(b, max);
                setAddress(b, b.host);
                b.shapeKnown = b.spec.valueProfile() == null || b.spec.valueProfile().isFixed();
                continue;
            }
            if (b.spec.isDynamic()) {
                applyShape(b, b.spec.profile().max());
                b.shapeKnown = b.spec.profile().isFixed();
            } else {
                b.bytes = b.elementCount() * b.spec.dtype().bytes();
            }
            ensureCapacity(b);
        }
        try (TrtLogger.Scope quiet = logger.quiet()) {
            refreshOutputs();
        } catch (RuntimeException e) {
            // the max of every shape-tensor value need not be a valid combination (e.g. a reshape target whose
            // volume must match): outputs are then sized at the first run, with the real values
            shapesChanged = true;
        }
    }

    // ---- inputs ----

    /** Sets a dynamic input's shape; it must lie inside the engine's profile. */
    public ExecutionSession setInputShape(String name, int... dims) {
        Binding b = input(name);
        if (b.hostShapeTensor)
            throw new UserError("input '" + name + "' is a shape tensor: set its values with setShapeValues, not a shape");
        BindingRules.checkInputShape(b.spec, dims);
        if (b.bound != null && !Arrays.equals(dims, b.bound.shape()))
            throw new UserError("input '" + name + "' is bound to device tensor " + b.bound + ": shape " + Shape.of(dims)
                    + " needs another tensor (bind one of that shape, or unbind)");
        useShape(b, dims);
        return this;
    }

    private void useShape(Binding b, int[] dims) {
        if (!b.shapeKnown || !Arrays.equals(dims, b.shape)) applyShape(b, dims);
        b.shapeKnown = true;
    }

    private void applyShape(Binding b, int[] dims) {
        TrtTypes.fill(b.dims, dims);
        long mark = logger.mark();
        if (!context.setInputShape(b.name, b.dims))
            throw new UserError("TensorRT rejected shape " + Shape.of(dims) + " for " + b.label() + ": " + TrtLogger.joined(logger.errorsSince(mark)));
        b.shape = dims.clone();
        b.bytes = b.elementCount() * b.spec.dtype().bytes();
        shapesChanged = true;
    }

    /** Sets the values of a shape-tensor input (e.g. a target size); they must lie inside the engine's value profile. */
    public ExecutionSession setShapeValues(String name, int... values) {
        Binding b = input(name);
        if (!b.hostShapeTensor) throw new UserError("input '" + name + "' is not a shape tensor; use setInput");
        long n = b.elementCount();
        if (values.length != n) throw new UserError("shape-tensor input '" + name + "' takes " + n + " values, got " + values.length);
        ShapeRange range = b.spec.valueProfile();
        if (range != null && !range.contains(values))
            throw new UserError("shape-tensor input '" + name + "' values " + Arrays.toString(values) + " are outside the engine's range "
                    + Arrays.toString(range.min()) + " .. " + Arrays.toString(range.max()));
        writeShapeValues(b, values);
        setAddress(b, b.host); // re-bind so TensorRT re-reads the values (it may cache shape-tensor values per binding)
        b.shapeKnown = true;
        shapesChanged = true;
        return this;
    }

    private static void writeShapeValues(Binding b, int[] values) {
        if (b.view instanceof LongPointer lp) for (int i = 0; i < values.length; i++) lp.put(i, values[i]);
        else ((IntPointer) b.view).put(values, 0, values.length);
    }

    /** Copies values into the input's host buffer; the input's shape must be known (static or set). */
    public ExecutionSession setInput(String name, float[] values) {
        Binding b = dataInput(name, values.length);
        long n = values.length;
        switch (b.spec.dtype()) {
            case FLOAT -> ((FloatPointer) b.view).put(values, 0, values.length);
            case HALF -> {
                if (b.halfScratch.length < n) b.halfScratch = new short[(int) n];
                for (int i = 0; i < n; i++) b.halfScratch[i] = Half.fromFloat(values[i]);
                ((ShortPointer) b.view).put(b.halfScratch, 0, (int) n);
            }
            default -> throw new UserError("input '" + name + "' has type " + b.spec.dtype() + "; give integer values");
        }
        return this;
    }

    /** Integer inputs (INT32, INT64, BOOL as 0/1). */
    public ExecutionSession setInput(String name, int[] values) {
        Binding b = dataInput(name, values.length);
        switch (b.spec.dtype()) {
            case INT32 -> ((IntPointer) b.view).put(values, 0, values.length);
            case INT64 -> { LongPointer p = (LongPointer) b.view; for (int i = 0; i < values.length; i++) p.put(i, values[i]); }
            case BOOL -> { BytePointer p = (BytePointer) b.view; for (int i = 0; i < values.length; i++) p.put(i, (byte) (values[i] != 0 ? 1 : 0)); }
            default -> throw new UserError("input '" + name + "' has type " + b.spec.dtype() + "; give float values");
        }
        return this;
    }

    /** Sets the shape (for dynamic inputs) and the values of an input from a host tensor. */
    public ExecutionSession setInput(String name, HostTensor tensor) {
        Binding b = input(name);
        if (b.hostShapeTensor) return setShapeValues(name, tensor.ints() != null ? tensor.ints() : toInts(tensor.floats()));
        if (b.spec.isDynamic()) setInputShape(name, tensor.shape());
        else if (!Arrays.equals(tensor.shape(), b.shape))
            throw new UserError("input '" + name + "' has shape " + Shape.of(b.shape) + ", got a tensor of shape " + Shape.of(tensor.shape()));
        return tensor.dtype().isFloating() ? setInput(name, tensor.floats()) : setInput(name, tensor.ints());
    }

    private Binding dataInput(String name, int count) {
        Binding b = input(name);
        if (b.hostShapeTensor) throw new UserError("input '" + name + "' is a shape tensor: use setShapeValues");
        if (b.bound != null)
            throw new UserError("input '" + name + "' is bound to device tensor " + b.bound + ": write to the tensor (copyFrom) or unbind first");
        if (!b.shapeKnown)
            throw new UserError("input '" + name + "' has dynamic shape " + Shape.of(b.spec.shape()) + ": call setInputShape first (profile "
                    + b.spec.profile() + ")");
        long n = b.elementCount();
        if (count != n) throw new UserError("input '" + name + "' (shape " + Shape.of(b.shape) + ") needs " + n + " values, got " + count);
        ensureCapacity(b);
        return b;
    }

    private Binding input(String name) {
        Binding b = bindings.get(name);
        if (b == null || !b.spec.input()) throw new UserError("the engine has no input '" + name + "'; inputs: " + describe(inputs));
        requireOpen();
        return b;
    }

    private static int[] toInts(float[] f) {
        int[] v = new int[f.length];
        for (int i = 0; i < f.length; i++) v[i] = Math.round(f[i]);
        return v;
    }

    // ---- device tensors ----

    /**
     * Makes the session read (input) or write (output) {@code tensor}'s device memory for {@code name} instead of its
     * own buffer, with no host copy, until {@link #unbind} or another bind; the session's own device buffer for that
     * name is freed meanwhile. The tensor must have the tensor's dtype exactly. An input takes the tensor's shape
     * (setting dynamic dimensions, inside the profile). An output's shape, as TensorRT resolves it from the inputs, must
     * equal the tensor's shape exactly; that is checked here when the input shapes are known and again before each run
     * after a shape change. {@link #output} still reads a bound output (downloading it). The session does not own the
     * tensor: keep it open while bound, and close it yourself.
     */
    public ExecutionSession bind(String name, DeviceTensor tensor) {
        Binding b = anyBinding(name);
        checkBind(b, tensor);
        attach(b, tensor);
        return this;
    }

    /**
     * Returns {@code name} to the session's own device buffer (host in/out again); an input needs its values set
     * ({@link #setInput}) before the next run, since its host buffer holds whatever it held before the bind.
     */
    public ExecutionSession unbind(String name) {
        Binding b = anyBinding(name);
        if (b.bound == null) throw new UserError(b.label() + " is not bound to a device tensor");
        b.bound = null;
        dropGraph();
        ensureCapacity(b); // allocates the session's buffer again and sets its address
        bindingsChanged = true;
        return this;
    }

    /**
     * Exchanges the device tensors bound to two names, each checked as by {@link #bind}: after {@code run()},
     * {@code swap("stateOut", "stateIn")} makes the state just written the next run's input, and the old input
     * tensor the next output. A CUDA graph ({@link #useCudaGraph}) is re-captured after every swap, so leave it off
     * for ping-pong loops.
     */
    public ExecutionSession swap(String first, String second) {
        Binding a = anyBinding(first), b = anyBinding(second);
        if (a.bound == null || b.bound == null)
            throw new UserError("swap needs both names bound to device tensors: " + a.label() + (a.bound == null ? " is not bound" : " is bound")
                    + ", " + b.label() + (b.bound == null ? " is not bound" : " is bound"));
        DeviceTensor ta = a.bound, tb = b.bound;
        checkBind(a, tb);
        checkBind(b, ta);
        attach(a, tb);
        attach(b, ta);
        return this;
    }

    /** The device tensor bound to {@code name}, or null. */
    public DeviceTensor boundTensor(String name) { return anyBinding(name).bound; }

    private Binding anyBinding(String name) {
        Binding b = bindings.get(name);
        if (b == null)
            throw new UserError("the engine has no tensor '" + name + "'; inputs: " + describe(inputs) + "; outputs: " + describe(outputs));
        requireOpen();
        return b;
    }

    private void checkBind(Binding b, DeviceTensor tensor) {
        tensor.address(); // closed tensors fail here
        BindingRules.checkBindable(b.spec, tensor.dtype(), tensor.shape());
        if (!b.spec.input() && !shapesChanged && inputsKnown()) BindingRules.checkResolvedOutput(b.spec, b.shape, tensor.shape());
    }

    private void attach(Binding b, DeviceTensor tensor) {
        if (b.bound == tensor) return;
        if (b.spec.input()) useShape(b, tensor.shape());
        if (b.device != null) { // the session's own buffer is not needed while bound
            synchronize();
            Pointer own = b.device;
            b.device = null;
            b.deviceCapacity = 0;
            Cuda.free(own);
        }
        b.bound = tensor;
        setAddress(b, tensor.address());
        dropGraph();
        bindingsChanged = true;
    }

    /** Before a run: bound tensors are open, and an output's tensor is bound to no other name (TensorRT would alias). */
    private void checkBoundTensors() {
        for (Binding b : bindings.values())
            if (b.bound != null && b.bound.isClosed())
                throw new IllegalStateException(b.label() + " is bound to device tensor " + b.bound + ", which is closed: bind an open one or unbind");
        if (!bindingsChanged) return;
        for (Binding out : outputs) {
            if (out.bound == null) continue;
            for (Binding other : bindings.values())
                if (other != out && other.bound == out.bound)
                    throw new UserError(out.label() + " and " + other.label() + " are bound to the same device tensor " + out.bound
                            + ": an output needs a tensor of its own");
        }
        bindingsChanged = false;
    }

    // ---- running ----

    /** Replays the inference as a CUDA graph while shapes stay the same (re-captured when they change). */
    public ExecutionSession useCudaGraph(boolean on) {
        useCudaGraph = on;
        if (!on) dropGraph();
        return this;
    }

    /** Records CUDA events around the copies and the engine, read by {@link #lastGpuMillis()}. */
    public ExecutionSession enableTiming(boolean on) {
        if (on && events == null) {
            events = new CUevent_st[4];
            for (int i = 0; i < events.length; i++) events[i] = Cuda.createEvent();
        }
        if (!on) destroyEvents();
        return this;
    }

    /** Copies inputs to the GPU, runs the engine, copies outputs back, and waits for the result. */
    public void run() {
        requireOpen();
        requireInputsKnown();
        checkBoundTensors();
        if (shapesChanged) {
            for (Binding b : inputs) if (!b.hostShapeTensor) ensureCapacity(b);
            refreshOutputs();
        }
        if (useCudaGraph && graph != null) {
            if (events != null) record(events[0]);
            Cuda.check(cudaGraphLaunch(graph, stream), "cudaGraphLaunch");
            if (events != null) record(events[3]);
            synchronize();
            computeMillis = Float.NaN;
            if (events != null) gpuMillis = millis(events[0], events[3]);
            return;
        }
        enqueue(events);
        synchronize();
        if (events != null) {
            gpuMillis = millis(events[0], events[3]);
            computeMillis = millis(events[1], events[2]);
        }
        // TensorRT wants one ordinary enqueue with the current shapes before a capture
        if (useCudaGraph && !graphFailed) capture();
    }

    private boolean inputsKnown() {
        for (Binding b : inputs) if (!b.shapeKnown) return false;
        return true;
    }

    private void requireInputsKnown() {
        for (Binding b : inputs)
            if (!b.shapeKnown)
                throw new UserError((b.hostShapeTensor ? "shape-tensor input '" + b.spec.name() + "' has no values: call setShapeValues"
                        : "input '" + b.spec.name() + "' has dynamic shape " + Shape.of(b.spec.shape()) + ": call setInputShape") + " first");
    }

    /** H2D copies, enqueueV3, D2H copies on the session's stream; events (or null) mark the phases. */
    private void enqueue(CUevent_st[] ev) {
        if (ev != null) record(ev[0]);
        for (Binding b : inputs) {
            if (b.hostShapeTensor || b.bound != null || b.bytes == 0) continue;
            int code = cudaMemcpyAsync(b.device, b.host, b.bytes, cudaMemcpyHostToDevice, stream);
            if (code != cudaSuccess) Cuda.check(code, "cudaMemcpyAsync to " + b.label()); // message built only on failure
        }
        if (ev != null) record(ev[1]);
        long mark = logger.mark();
        if (!context.enqueueV3(stream))
            throw new TrtException("enqueueV3 failed for " + owner.source() + ": " + TrtLogger.joined(logger.errorsSince(mark)));
        if (ev != null) record(ev[2]);
        for (Binding b : outputs) {
            if (b.bound != null || b.bytes == 0) continue;
            int code = cudaMemcpyAsync(b.host, b.device, b.bytes, cudaMemcpyDeviceToHost, stream);
            if (code != cudaSuccess) Cuda.check(code, "cudaMemcpyAsync from " + b.label());
        }
        if (ev != null) record(ev[3]);
    }

    private void capture() {
        Cuda.check(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal), "cudaStreamBeginCapture");
        CUgraph_st captured = new CUgraph_st();
        RuntimeException failure = null;
        try {
            enqueue(null);
        } catch (RuntimeException e) {
            failure = e;
        }
        int end = cudaStreamEndCapture(stream, captured);
        try {
            if (failure == null && end == cudaSuccess) {
                CUgraphExec_st exec = new CUgraphExec_st();
                Cuda.check(cudaGraphInstantiate(exec, captured, 0L), "cudaGraphInstantiate");
                graph = exec;
                return;
            }
        } finally {
            if (!captured.isNull()) Cuda.check(cudaGraphDestroy(captured), "cudaGraphDestroy");
        }
        graphFailed = true; // this engine cannot be captured; keep running without a graph
        cudaGetLastError(); // clear the sticky capture error
        System.err.println("trt4j: warning: cannot capture " + owner.source() + " in a CUDA graph ("
                + (failure != null ? failure.getMessage() : Cuda.errorString(end)) + "); running without one");
    }

    private void dropGraph() {
        if (graph != null) {
            CUgraphExec_st g = graph;
            graph = null;
            Cuda.check(cudaGraphExecDestroy(g), "cudaGraphExecDestroy");
        }
    }

    private void synchronize() {
        int code = cudaStreamSynchronize(stream);
        if (code != cudaSuccess) Cuda.check(code, "cudaStreamSynchronize (running " + owner.source() + ")");
    }

    private void record(CUevent_st event) {
        Cuda.check(cudaEventRecord(event, stream), "cudaEventRecord");
    }

    private float millis(CUevent_st from, CUevent_st to) {
        Cuda.check(cudaEventElapsedTime(elapsed, from, to), "cudaEventElapsedTime");
        return elapsed[0];
    }

    /** Re-reads output shapes after an input shape changed, growing buffers if needed. */
    private void refreshOutputs() {
        for (Binding b : outputs) {
            int[] shape = TrtTypes.ints(context.getTensorShape(b.name), b.label());
            if (!Shape.of(shape).isStatic())
                throw new UserError(b.label() + " has a data-dependent shape " + Shape.of(shape) + ", which trt4j sessions do not support");
            b.shape = shape;
            b.bytes = b.elementCount() * b.spec.dtype().bytes();
            ensureCapacity(b);
        }
        for (Binding b : outputs) if (b.bound != null) BindingRules.checkResolvedOutput(b.spec, b.shape, b.bound.shape());
        shapesChanged = false;
        dropGraph();
    }

    /** Grows the session's buffers to the binding's current size; a bound name uses its tensor's device memory. */
    private void ensureCapacity(Binding b) {
        if (b.bound == null && (b.device == null || b.bytes > b.deviceCapacity)) {
            long size = Math.max(b.bytes, 1);
            if (b.device != null) {
                synchronize();
                Cuda.free(b.device);
                b.device = null;
            }
            b.device = Cuda.malloc(size, b.label());
            b.deviceCapacity = size;
            setAddress(b, b.device);
            dropGraph();
        }
        if (b.host == null || b.bytes > b.hostCapacity) {
            long size = Math.max(b.bytes, 1);
            if (b.host != null) {
                Cuda.freeHost(b.host);
                b.host = null;
            }
            b.setHost(Cuda.mallocHost(size, b.label()), size);
            dropGraph();
        }
    }

    private void setAddress(Binding b, Pointer address) {
        long mark = logger.mark();
        if (!context.setTensorAddress(b.name, address))
            throw new TrtException("setTensorAddress failed for " + b.label() + ": " + TrtLogger.joined(logger.errorsSince(mark)));
    }

    // ---- outputs ----

    public List<String> inputNames() { return inputs.stream().map(b -> b.spec.name()).toList(); }

    public List<String> outputNames() { return outputs.stream().map(b -> b.spec.name()).toList(); }

    /** The output's shape after the last shape change. */
    public int[] outputShape(String name) {
        requireInputsKnown();
        if (shapesChanged) refreshOutputs();
        return output(name, false).shape.clone();
    }

    /** Copies an output's values (FLOAT or HALF) into {@code dst} without allocating; returns the count. */
    public int outputFloats(String name, float[] dst) {
        return floatsInto(readable(name), dst);
    }

    private int floatsInto(Binding b, float[] dst) {
        String name = b.spec.name();
        int n = Math.toIntExact(b.elementCount());
        if (dst.length < n) throw new IllegalArgumentException("output '" + name + "' has " + n + " values, buffer holds " + dst.length);
        switch (b.spec.dtype()) {
            case FLOAT -> ((FloatPointer) b.view).get(dst, 0, n);
            case HALF -> {
                if (b.halfScratch.length < n) b.halfScratch = new short[n];
                ((ShortPointer) b.view).get(b.halfScratch, 0, n);
                for (int i = 0; i < n; i++) dst[i] = Half.toFloat(b.halfScratch[i]);
            }
            default -> throw new UserError("output '" + name + "' has type " + b.spec.dtype() + "; read it with output()");
        }
        return n;
    }

    /** The output as a host tensor with its actual shape (floating outputs as FLOAT, integer ones as INT32). */
    public HostTensor output(String name) {
        Binding b = readable(name);
        int n = Math.toIntExact(b.elementCount());
        int[] shape = b.shape.clone();
        switch (b.spec.dtype()) {
            case FLOAT, HALF -> {
                float[] f = new float[n];
                floatsInto(b, f);
                return HostTensor.of(f, shape);
            }
            case INT32 -> {
                int[] v = new int[n];
                ((IntPointer) b.view).get(v, 0, n);
                return HostTensor.ofInts(v, shape);
            }
            case INT64 -> {
                int[] v = new int[n];
                LongPointer p = (LongPointer) b.view;
                for (int i = 0; i < n; i++) v[i] = Math.toIntExact(p.get(i));
                return HostTensor.ofInts(v, shape);
            }
            case BOOL -> {
                int[] v = new int[n];
                BytePointer p = (BytePointer) b.view;
                for (int i = 0; i < n; i++) v[i] = p.get(i) != 0 ? 1 : 0;
                return new HostTensor(DType.BOOL, shape, null, v);
            }
        }
        throw new IllegalStateException("unhandled type " + b.spec.dtype());
    }

    /** All outputs by name. */
    public Map<String, HostTensor> outputs() {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        for (Binding b : outputs) m.put(b.spec.name(), output(b.spec.name()));
        return m;
    }

    private Binding output(String name, boolean needsRun) {
        Binding b = bindings.get(name);
        if (b == null || b.spec.input()) throw new UserError("the engine has no output '" + name + "'; outputs: " + describe(outputs));
        requireOpen();
        if (needsRun && shapesChanged) throw new IllegalStateException("input shapes changed since the last run(): run() first");
        return b;
    }

    /** The output after a run, its values in the host buffer (a bound output is downloaded from its tensor first). */
    private Binding readable(String name) {
        Binding b = output(name, true);
        if (b.bound != null && b.bytes > 0) {
            int code = cudaMemcpyAsync(b.host, b.bound.address(), b.bytes, cudaMemcpyDeviceToHost, stream);
            if (code != cudaSuccess) Cuda.check(code, "cudaMemcpyAsync from the device tensor bound to " + b.label());
            synchronize();
        }
        return b;
    }

    /** GPU time of the last run in ms, from the first H2D copy to the last D2H copy (needs {@link #enableTiming}). */
    public float lastGpuMillis() { return gpuMillis; }

    /** GPU time of enqueueV3 alone in the last run (NaN when the run replayed a CUDA graph). */
    public float lastComputeMillis() { return computeMillis; }

    private static String describe(List<Binding> list) {
        List<String> s = new ArrayList<>();
        for (Binding b : list) s.add(b.spec.describe());
        return String.join(", ", s);
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("session of " + owner.source() + " is closed");
    }

    private void destroyEvents() {
        if (events == null) return;
        CUevent_st[] ev = events;
        events = null;
        for (CUevent_st e : ev) if (e != null && !e.isNull()) Cuda.check(cudaEventDestroy(e), "cudaEventDestroy");
    }

    /** Frees everything; the first CUDA error (if any) is thrown after all resources were released. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        RuntimeException first = null;
        List<Runnable> steps = new ArrayList<>();
        if (stream != null) steps.add(this::synchronize);
        steps.add(this::dropGraph);
        steps.add(this::destroyEvents);
        for (Binding b : bindings.values()) {
            steps.add(() -> Cuda.free(b.device));
            steps.add(() -> {
                if (b.host == null) return;
                if (b.hostShapeTensor) b.host.close();
                else Cuda.freeHost(b.host);
            });
            steps.add(b.name::close);
            steps.add(b.dims::close);
        }
        steps.add(context::close);
        if (stream != null) steps.add(() -> Cuda.check(cudaStreamDestroy(stream), "cudaStreamDestroy"));
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        owner.sessionClosed(this);
        if (first != null) throw first;
    }
}
