package org.trt4j.runtime.trt;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.tensorrt.global.nvinfer.LayerInformationFormat;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.global.nvinfer.TensorIOMode;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IEngineInspector;
import org.bytedeco.tensorrt.nvinfer.IPluginCreatorInterface;
import org.bytedeco.tensorrt.nvinfer.IPluginRegistry;
import org.bytedeco.tensorrt.nvinfer.IRuntime;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Shape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.bytedeco.tensorrt.global.nvinfer.createInferRuntime;
import static org.bytedeco.tensorrt.global.nvinfer.getPluginRegistry;

/**
 * A deserialized TensorRT engine (IRuntime + ICudaEngine). Loading explains the usual failures: a plan from another
 * TensorRT version, a corrupt or non-engine file, a plugin library that is not loaded. Sessions made by
 * {@link #newSession()} are closed with the engine.
 */
public final class Engine implements AutoCloseable {
    private final String source;
    private final EngineInfo info;
    private final IRuntime runtime;
    private final IRuntime parentRuntime;  // the runtime that loaded a lean runtime (plans without one), else null
    private final ICudaEngine engine;
    private final List<EngineTensor> inputs = new ArrayList<>();
    private final List<EngineTensor> outputs = new ArrayList<>();
    private final List<ExecutionSession> sessions = new ArrayList<>();
    private boolean closed;

    private Engine(String source, EngineInfo info, IRuntime runtime, IRuntime parentRuntime, ICudaEngine engine) {
        this.source = source;
        this.info = info;
        this.runtime = runtime;
        this.parentRuntime = parentRuntime;
        this.engine = engine;
        for (int i = 0; i < engine.getNbIOTensors(); i++) {
            String name = engine.getIOTensorName(i);
            boolean input = engine.getTensorIOMode(name).value == TensorIOMode.kINPUT.value;
            EngineTensor t = describe(name, input);
            (input ? inputs : outputs).add(t);
        }
    }

    /** Loads {@code E.engine} and, when present, its {@code E.engine.json} sidecar. */
    public static Engine load(Path file) {
        byte[] plan = EngineFiles.readPlan(file);
        return fromBytes(plan, EngineFiles.readSidecar(file), file.toString());
    }

    /** Loads from a built plan (no file). */
    public static Engine fromPlan(EnginePlan plan) {
        return fromBytes(plan.bytes(), plan.info(), "plan of '" + plan.info().network() + "'");
    }

    /**
     * @param sidecar may be null (then version and plugin checks rely on TensorRT's own error)
     * @param source  names the engine in error messages (a file path)
     */
    public static Engine fromBytes(byte[] plan, EngineInfo sidecar, String source) {
        if (plan.length == 0) throw new UserError(source + ": empty file, not a TensorRT engine");
        TensorRt.require(); // before TrtLogger: initializing it loads the native library, a linkage error without one
        TrtLogger logger = TrtLogger.get();
        TrtPluginProvider.registerAll();
        Compatibility compatibility = sidecar == null ? Compatibility.NONE : Compatibility.of(sidecar.buildOptions());
        String versionProblem = sidecar == null ? null
                : EngineCompatibility.tensorRtProblem(sidecar.tensorrtVersion(), TensorRt.fullVersion(), compatibility.versionCompatible());
        if (versionProblem != null) throw new UserError(source + ": " + versionProblem);
        if (sidecar != null) {
            Cuda.Device gpu = Cuda.currentDevice();
            String gpuProblem = EngineCompatibility.gpuProblem(sidecar.computeCapability(), sidecar.gpuName(),
                    gpu.computeCapability(), gpu.name(), compatibility.amperePlus());
            if (gpuProblem != null) throw new UserError(source + ": " + gpuProblem);
        }
        if (sidecar != null) checkPlugins(sidecar, source, logger);

        IRuntime created = TrtObjects.own(createInferRuntime(logger), IRuntime::new, "createInferRuntime");
        IRuntime parent = null, runtime = created;
        Path lean = null;
        if (compatibility.leanRuntimeExcluded()) {
            parent = created;
            try {
                lean = leanRuntime(source, sidecar.tensorrtVersion());
                runtime = loadLeanRuntime(parent, source, lean, logger);
            } catch (RuntimeException e) {
                parent.close();
                throw e;
            }
        }
        // a version-compatible plan runs the lean runtime it embeds: host code TensorRT refuses unless allowed
        if (compatibility.versionCompatible()) runtime.setEngineHostCodeAllowed(true);
        long mark = logger.mark();
        ICudaEngine engine;
        try (BytePointer data = new BytePointer(plan); TrtLogger.Scope quiet = logger.quiet()) {
            engine = runtime.deserializeCudaEngine(data, plan.length);
        }
        if (engine == null || engine.isNull()) {
            List<String> errors = logger.errorsSince(mark);
            runtime.close();
            if (parent != null) parent.close();
            UserError explained = explainLoadFailure(source, errors);
            throw lean == null ? explained : new UserError(explained.getMessage() + " (through the lean runtime " + lean + ")");
        }
        engine = TrtObjects.own(engine, ICudaEngine::new, "deserializeCudaEngine");
        try {
            return new Engine(source, sidecar, runtime, parent, engine);
        } catch (RuntimeException e) {
            engine.close();
            runtime.close();
            if (parent != null) parent.close();
            throw e;
        }
    }

    /** The lean runtime named for a plan built without one (-Dtrt4j.leanRuntime, TRT4J_LEAN_RUNTIME, the library path). */
    private static Path leanRuntime(String source, String builtWith) {
        try {
            return TensorRt.requireLeanRuntime(builtWith);
        } catch (UserError e) {
            throw new UserError(source + ": " + e.getMessage());
        }
    }

    private static IRuntime loadLeanRuntime(IRuntime parent, String source, Path lean, TrtLogger logger) {
        long mark = logger.mark();
        IRuntime loaded = parent.loadRuntime(lean.toString());
        if (loaded == null || loaded.isNull())
            throw new UserError(source + ": TensorRT could not load the lean runtime " + lean + ": " + TrtLogger.joined(logger.errorsSince(mark)));
        return TrtObjects.own(loaded, IRuntime::new, "loadRuntime");
    }

    private static UserError explainLoadFailure(String source, List<String> errors) {
        String said = TrtLogger.joined(errors);
        String lower = said.toLowerCase(Locale.ROOT);
        // plugin first: a missing creator's message also names a "version" (the plugin's)
        if (lower.contains("plugin"))
            return new UserError(source + " needs a plugin that is not registered in this process: load its plugin library "
                    + "before loading the engine. TensorRT said: " + said);
        // TensorRT checks a plan's magic tag before its version: a failed magic-tag check means it is no plan at all
        if (lower.contains("magictag"))
            return new UserError(source + " is not a valid TensorRT engine (corrupt, truncated or not a plan file). TensorRT said: " + said);
        if (lower.contains("version tag does not match") || lower.contains("not compatible with this version")
                || lower.contains("expecting library version") || (lower.contains("version") && lower.contains("serializ")))
            return new UserError(source + " was serialized by a different TensorRT version (this process has TensorRT "
                    + TensorRt.fullVersion() + "): rebuild the engine. TensorRT said: " + said);
        return new UserError(source + " is not a valid TensorRT engine (corrupt, truncated or not a plan file). TensorRT said: " + said);
    }

    /** Every plugin creator the sidecar lists must be registered before deserializing. */
    private static void checkPlugins(EngineInfo sidecar, String source, TrtLogger logger) {
        String problem = pluginProblem(sidecar, logger);
        if (problem != null) throw new UserError(source + " " + problem);
    }

    /**
     * Null when every plugin creator the sidecar lists is registered in this process, else which library is missing
     * (the first one) and its creators. Needs TensorRT loaded and the providers registered.
     */
    public static String pluginProblem(EngineInfo sidecar, TrtLogger logger) {
        IPluginRegistry registry = getPluginRegistry();
        if (registry == null) throw new TrtException("getPluginRegistry returned null");
        for (PluginLibrary lib : sidecar.pluginLibraries()) {
            List<String> missing = new ArrayList<>();
            try (TrtLogger.Scope quiet = logger.quiet()) {
                for (PluginLibrary.Creator c : lib.creators()) {
                    IPluginCreatorInterface found = registry.getCreator(c.name(), c.version(), c.namespace() == null ? "" : c.namespace());
                    if (found == null || found.isNull()) missing.add(c.toString());
                }
            }
            if (!missing.isEmpty())
                return "needs the plugin library " + lib.name() + (lib.path() == null ? "" : " (built with " + lib.path() + ")")
                        + ", which is not loaded: plugins " + missing + " are not registered. Load the library before the engine.";
        }
        return null;
    }

    private EngineTensor describe(String name, boolean input) {
        String what = (input ? "input '" : "output '") + name + "' of " + source;
        int[] shape = TrtTypes.ints(engine.getTensorShape(name), what);
        var dtype = TrtTypes.dtype(engine.getTensorDataType(name).value, what);
        boolean shapeTensor = input && engine.isShapeInferenceIO(name);
        ShapeRange profile = null, values = null;
        if (input && engine.getNbOptimizationProfiles() > 0) {
            if (!Shape.of(shape).isStatic())
                profile = new ShapeRange(
                        TrtTypes.ints(engine.getProfileShape(name, 0, OptProfileSelector.kMIN), what),
                        TrtTypes.ints(engine.getProfileShape(name, 0, OptProfileSelector.kOPT), what),
                        TrtTypes.ints(engine.getProfileShape(name, 0, OptProfileSelector.kMAX), what));
            if (shapeTensor) {
                int n = Math.toIntExact(Shape.of(shape).volume());
                values = new ShapeRange(profileValues(name, OptProfileSelector.kMIN, n, what),
                        profileValues(name, OptProfileSelector.kOPT, n, what), profileValues(name, OptProfileSelector.kMAX, n, what));
            }
        }
        return new EngineTensor(name, dtype, shape, input, shapeTensor, profile, values);
    }

    private int[] profileValues(String name, OptProfileSelector which, int n, String what) {
        IntPointer p = engine.getProfileTensorValues(name, 0, which);
        if (p == null || p.isNull()) throw new TrtException("getProfileTensorValues returned null for " + what);
        int[] v = new int[n];
        p.capacity(n).get(v);
        return v;
    }

    public String source() { return source; }

    /** The sidecar, or null when the engine came without one. */
    public EngineInfo info() { return info; }

    public List<EngineTensor> inputs() { return List.copyOf(inputs); }

    public List<EngineTensor> outputs() { return List.copyOf(outputs); }

    public String name() { return engine.getName(); }

    public int layerCount() { return engine.getNbLayers(); }

    /** Device memory the engine's execution contexts need for activations (at the largest profile shapes). */
    public long deviceMemoryBytes() { return engine.getDeviceMemorySizeV2(); }

    /** A new execution session (own context, stream and buffers); closed with the engine at the latest. */
    public ExecutionSession newSession() {
        requireOpen();
        ExecutionSession s = new ExecutionSession(this, engine);
        sessions.add(s);
        return s;
    }

    void sessionClosed(ExecutionSession s) { sessions.remove(s); }

    /** TensorRT's own JSON description of the engine's layers (IEngineInspector); detailed when built by trt4j. */
    public String layerInformationJson() {
        requireOpen();
        try (IEngineInspector inspector = TrtObjects.own(engine.createEngineInspector(), IEngineInspector::new, "createEngineInspector")) {
            String json = inspector.getEngineInformation(LayerInformationFormat.kJSON);
            if (json == null) throw new TrtException("IEngineInspector.getEngineInformation returned null for " + source);
            return json;
        }
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("engine " + source + " is closed");
    }

    /** Whether close() deleted the native engine and runtime (JavaCPP clears a pointer's address when it frees it). */
    boolean nativeObjectsDeleted() { return closed && engine.isNull() && runtime.isNull() && (parentRuntime == null || parentRuntime.isNull()); }

    @Override public void close() {
        if (closed) return;
        for (ExecutionSession s : List.copyOf(sessions)) s.close();
        closed = true;
        engine.close();   // engines before their runtime, a loaded lean runtime before the one that loaded it
        runtime.close();
        if (parentRuntime != null) parentRuntime.close();
    }
}
