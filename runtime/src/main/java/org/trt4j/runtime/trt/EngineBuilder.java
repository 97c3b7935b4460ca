package org.trt4j.runtime.trt;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorrt.global.nvinfer.BuilderFlag;
import org.bytedeco.tensorrt.global.nvinfer.HardwareCompatibilityLevel;
import org.bytedeco.tensorrt.global.nvinfer.LayerType;
import org.bytedeco.tensorrt.global.nvinfer.MemoryPoolType;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.global.nvinfer.PluginCapabilityType;
import org.bytedeco.tensorrt.global.nvinfer.ProfilingVerbosity;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.ILayer;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvinfer.IPluginCapability;
import org.bytedeco.tensorrt.nvinfer.IPluginV3;
import org.bytedeco.tensorrt.nvinfer.IPluginV3Layer;
import org.bytedeco.tensorrt.nvinfer.IPluginV3OneCore;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvinfer.ITimingCache;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Shape;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.bytedeco.tensorrt.global.nvinfer.createInferBuilder;

/**
 * Builds a serialized TensorRT engine: creates the builder and an empty network (explicit batch, not strongly typed),
 * lets a {@link TrtNetworkEmitter} add the layers, applies {@link BuildOptions} (precision, workspace, optimization
 * profiles, timing cache, optimization level) and runs {@code buildSerializedNetwork}. The sidecar lists the plugin
 * libraries of the network's IPluginV3 layers ({@link PluginLibraries}). Every TensorRT return value is checked;
 * failures quote TensorRT's logged errors.
 */
public final class EngineBuilder {
    private static final int PROGRESS_INTERVAL_SECONDS = 10;

    private EngineBuilder() {}

    /** Builds with progress (when enabled in the options) on stderr. */
    public static EnginePlan build(String networkName, TrtNetworkEmitter emitter, BuildOptions options) {
        return build(networkName, emitter, options, System.err);
    }

    public static EnginePlan build(String networkName, TrtNetworkEmitter emitter, BuildOptions options, PrintStream progressOut) {
        TrtLogger logger = TrtLogger.get();
        TrtPluginProvider.registerAll();
        // TensorRT looks for the lean runtime only at the end of the build: say so before minutes of tactic search
        if (options.compatibility().versionCompatible() && !options.compatibility().leanRuntimeExcluded() && TensorRt.leanRuntime() == null)
            throw new UserError("--version-compatible embeds TensorRT's lean runtime, but " + TensorRt.LEAN_RUNTIME + " is not on the "
                    + "library path (the bytedeco TensorRT preset does not ship it): add the lib directory of NVIDIA's TensorRT 10.6 "
                    + "package or tarball to LD_LIBRARY_PATH, add --exclude-lean-runtime (the loader then names one), or build without --version-compatible");
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        try (TrtKeepAlive keepAlive = new TrtKeepAlive();
             IBuilder builder = TrtObjects.own(createInferBuilder(logger), IBuilder::new, "createInferBuilder");
             INetworkDefinition network = TrtObjects.own(builder.createNetworkV2(0), INetworkDefinition::new, "createNetworkV2");
             IBuilderConfig config = TrtObjects.own(builder.createBuilderConfig(), IBuilderConfig::new, "createBuilderConfig")) {

            network.setName(networkName);
            emitter.emit(network, keepAlive);
            if (network.getNbOutputs() == 0) throw new UserError("network '" + networkName + "' marks no outputs");
            List<PluginLibrary> pluginLibraries = PluginLibraries.needed(pluginCreators(network), TrtPluginProvider.libraries());
            List<EngineTensor> inputs = addProfile(builder, config, network, options);
            List<EngineTensor> outputs = outputsOf(network);
            configure(builder, config, network, options);

            // the config points to the cache until it is deleted, so the cache is freed after it, with the weights
            ITimingCache cache = attachTimingCache(config, options.timingCache(), logger);
            if (cache != null) keepAlive.keep(cache);
            try (IHostMemory plan = buildPlan(builder, network, config, networkName, options, progressOut, logger)) {
                byte[] bytes = copy(plan);
                if (cache != null) saveTimingCache(config, options.timingCache());
                Cuda.Device gpu = Cuda.currentDevice();
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                EngineInfo info = new EngineInfo(EngineInfo.FORMAT_VERSION, networkName, Map.of(), options.precision().name(),
                        options.describe(), inputs, outputs, TensorRt.fullVersion(), gpu.name(), gpu.computeCapability(),
                        pluginLibraries, null, null, started.truncatedTo(ChronoUnit.SECONDS).toString(), seconds);
                if (options.progress())
                    progressOut.printf("trt4j: engine built in %.1f s (plan %.1f MiB)%n", seconds, bytes.length / 1048576.0);
                return new EnginePlan(bytes, info);
            }
        }
    }

    /** The creator of every IPluginV3 layer in the network, whoever emitted it (what the sidecar must list). */
    private static List<PluginLibrary.Creator> pluginCreators(INetworkDefinition network) {
        List<PluginLibrary.Creator> creators = new ArrayList<>();
        for (int i = 0; i < network.getNbLayers(); i++) {
            ILayer layer = network.getLayer(i);
            if (layer == null || layer.isNull()) throw new TrtException("getLayer(" + i + ") returned null");
            if (layer.getType().value != LayerType.kPLUGIN_V3.value) continue; // JavaCPP returns un-interned enum objects: compare values
            String what = "plugin layer " + layer.getName();
            IPluginV3 plugin = new IPluginV3Layer(layer).getPlugin();
            if (plugin == null || plugin.isNull()) throw new TrtException(what + ": getPlugin returned null");
            IPluginCapability core = plugin.getCapabilityInterface(PluginCapabilityType.kCORE);
            if (core == null || core.isNull()) throw new TrtException(what + ": the plugin has no core capability interface");
            // IPluginV3OneCore derives from IPluginCapability alone, so the capability pointer is the core interface
            IPluginV3OneCore id = new IPluginV3OneCore(core);
            String name = id.getPluginName(), version = id.getPluginVersion();
            if (name == null || version == null) throw new TrtException(what + ": the plugin reports no name or version");
            creators.add(new PluginLibrary.Creator(name, version, id.getPluginNamespace()));
        }
        return creators;
    }

    private static IHostMemory buildPlan(IBuilder builder, INetworkDefinition network, IBuilderConfig config, String networkName,
                                         BuildOptions options, PrintStream progressOut, TrtLogger logger) {
        long mark = logger.mark();
        IHostMemory plan;
        if (options.progress()) {
            String what = "'" + networkName + "' (" + options.precision() + ", " + network.getNbLayers() + " layers)";
            try (BuildProgress progress = new BuildProgress(what, logger, options.verbose(), progressOut, PROGRESS_INTERVAL_SECONDS)) {
                plan = builder.buildSerializedNetwork(network, config);
            }
        } else {
            int old = logger.echoLevel(options.verbose() ? TrtLogger.VERBOSE : TrtLogger.WARNING);
            try {
                plan = builder.buildSerializedNetwork(network, config);
            } finally {
                logger.echoLevel(old);
            }
        }
        if (plan == null || plan.isNull())
            throw new UserError("TensorRT could not build network '" + networkName + "': " + TrtLogger.joined(logger.errorsSince(mark)));
        return TrtObjects.own(plan, IHostMemory::new, "buildSerializedNetwork");
    }

    private static boolean hasPrecisionConstraints(INetworkDefinition network) {
        for (int i = 0; i < network.getNbLayers(); i++) if (network.getLayer(i).precisionIsSet()) return true;
        return false;
    }

    private static void configure(IBuilder builder, IBuilderConfig config, INetworkDefinition network, BuildOptions options) {
        switch (options.precision()) {
            case FP32 -> config.clearFlag(BuilderFlag.kTF32);
            case TF32 -> config.setFlag(BuilderFlag.kTF32);
            case FP16 -> {
                if (!builder.platformHasFastFp16())
                    System.err.println("trt4j: warning: this GPU has no fast FP16; building with FP16 allowed anyway");
                config.setFlag(BuilderFlag.kFP16);
            }
            case INT8 -> {
                // explicit quantization: the Q/DQ layers decide what runs in INT8; FP16 for the layers between them
                config.setFlag(BuilderFlag.kINT8);
                config.setFlag(BuilderFlag.kFP16);
            }
        }
        if (options.workspaceBytes() > 0) config.setMemoryPoolLimit(MemoryPoolType.kWORKSPACE, options.workspaceBytes());
        if (options.optimizationLevel() >= 0) config.setBuilderOptimizationLevel(options.optimizationLevel());
        if (options.compatibility().versionCompatible()) config.setFlag(BuilderFlag.kVERSION_COMPATIBLE);
        if (options.compatibility().leanRuntimeExcluded()) config.setFlag(BuilderFlag.kEXCLUDE_LEAN_RUNTIME);
        // layers defined in a full-precision scope carry FP32 constraints: honoured where TensorRT can (a warning otherwise)
        if (options.precision() != Precision.FP32 && options.precision() != Precision.TF32 && hasPrecisionConstraints(network))
            config.setFlag(BuilderFlag.kPREFER_PRECISION_CONSTRAINTS);
        if (options.compatibility().amperePlus()) config.setHardwareCompatibilityLevel(HardwareCompatibilityLevel.kAMPERE_PLUS);
        // detailed layer information for `trt4j inspect --engine` (IEngineInspector)
        config.setProfilingVerbosity(ProfilingVerbosity.kDETAILED);
    }

    /**
     * Adds one optimization profile covering every dynamic input (shape ranges) and shape-tensor input (value ranges);
     * returns the inputs as recorded in the sidecar.
     */
    private static List<EngineTensor> addProfile(IBuilder builder, IBuilderConfig config, INetworkDefinition network, BuildOptions options) {
        IOptimizationProfile profile = builder.createOptimizationProfile(); // owned by the builder
        if (profile == null) throw new TrtException("createOptimizationProfile returned null");
        boolean used = false;
        List<EngineTensor> inputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < network.getNbInputs(); i++) {
            ITensor in = network.getInput(i);
            String name = in.getName();
            names.add(name);
            int[] dims = TrtTypes.ints(in.getDimensions(), "input '" + name + "'");
            boolean dynamic = !Shape.of(dims).isStatic();
            boolean shapeTensor = in.isShapeTensor();
            ShapeRange range = options.shapeProfiles().get(name);
            ShapeRange values = options.valueProfiles().get(name);
            if (shapeTensor && !dynamic && values == null && range != null && range.rank() == Shape.of(dims).volume()) {
                // a shape-tensor input's --profile gives its values (its own shape is static)
                values = range;
                range = null;
            }
            if (dynamic) {
                if (range == null)
                    throw new UserError("input '" + name + "' has dynamic shape " + Shape.of(dims) + ": give its range (--profile "
                            + name + "=MIN:OPT:MAX, e.g. " + example(dims) + ", or a fixed --shape " + name + "=DIMS)");
                checkRange(name, dims, range);
                setDimensions(profile, name, range);
                used = true;
            } else if (range != null && !(range.isFixed() && Arrays.equals(range.min(), dims))) {
                throw new UserError("input '" + name + "' has the static shape " + Shape.of(dims) + "; its profile " + range + " does not match it");
            }
            if (shapeTensor) {
                if (values == null)
                    throw new UserError("input '" + name + "' is a shape tensor: give the range of its values (--profile "
                            + name + "=MIN:OPT:MAX with " + Shape.of(dims) + " values each)");
                setShapeValues(profile, name, dims, values);
                used = true;
            } else if (values != null) {
                throw new UserError("input '" + name + "' is not a shape tensor; give a shape range for it, not values");
            }
            inputs.add(new EngineTensor(name, TrtTypes.dtype(in.getType().value, "input '" + name + "'"), dims, true, shapeTensor,
                    dynamic ? range : null, shapeTensor ? values : null));
        }
        for (String given : union(options.shapeProfiles().keySet(), options.valueProfiles().keySet()))
            if (!names.contains(given)) throw new UserError("profile for '" + given + "', but the network has no such input; inputs: " + names);
        if (used) {
            if (!profile.isValid()) throw new UserError("the optimization profile is not valid for this network: " + options.describe());
            if (config.addOptimizationProfile(profile) < 0) throw new TrtException("addOptimizationProfile failed");
        }
        return inputs;
    }

    private static void checkRange(String name, int[] dims, ShapeRange range) {
        if (range.rank() != dims.length)
            throw new UserError("profile " + range + " for input '" + name + "' has rank " + range.rank() + ", the input " + Shape.of(dims) + " has rank " + dims.length);
        int[] min = range.min(), max = range.max();
        for (int d = 0; d < dims.length; d++)
            if (dims[d] >= 0 && (min[d] != dims[d] || max[d] != dims[d]))
                throw new UserError("profile " + range + " for input '" + name + "' changes static dimension " + d + " of " + Shape.of(dims));
    }

    private static void setDimensions(IOptimizationProfile profile, String name, ShapeRange r) {
        if (!profile.setDimensions(name, OptProfileSelector.kMIN, TrtTypes.dims(r.min()))
                || !profile.setDimensions(name, OptProfileSelector.kOPT, TrtTypes.dims(r.opt()))
                || !profile.setDimensions(name, OptProfileSelector.kMAX, TrtTypes.dims(r.max())))
            throw new UserError("TensorRT refused the profile " + r + " for input '" + name + "'");
    }

    private static void setShapeValues(IOptimizationProfile profile, String name, int[] dims, ShapeRange values) {
        long count = Shape.of(dims).isStatic() ? Shape.of(dims).volume() : -1;
        if (count != values.rank())
            throw new UserError("shape-tensor input '" + name + "' (" + Shape.of(dims) + ") needs " + count + " values per profile entry, got " + values.rank());
        if (!profile.setShapeValues(name, OptProfileSelector.kMIN, values.min(), values.rank())
                || !profile.setShapeValues(name, OptProfileSelector.kOPT, values.opt(), values.rank())
                || !profile.setShapeValues(name, OptProfileSelector.kMAX, values.max(), values.rank()))
            throw new UserError("TensorRT refused the value range " + values + " for shape-tensor input '" + name + "'");
    }

    private static List<EngineTensor> outputsOf(INetworkDefinition network) {
        List<EngineTensor> outputs = new ArrayList<>();
        for (int i = 0; i < network.getNbOutputs(); i++) {
            ITensor out = network.getOutput(i);
            String name = out.getName();
            int[] dims = TrtTypes.ints(out.getDimensions(), "output '" + name + "'");
            outputs.add(new EngineTensor(name, TrtTypes.dtype(out.getType().value, "output '" + name + "'"), dims, false, false, null, null));
        }
        return outputs;
    }

    /** Loads the cache file when it exists; a cache TensorRT rejects (other version or GPU) is replaced by an empty one. */
    private static ITimingCache attachTimingCache(IBuilderConfig config, Path file, TrtLogger logger) {
        if (file == null) return null;
        byte[] data = new byte[0];
        if (Files.exists(file)) {
            try {
                data = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UserError(file + ": cannot read timing cache: " + e.getMessage(), e);
            }
        }
        ITimingCache cache;
        try (BytePointer bytes = data.length == 0 ? null : new BytePointer(data); TrtLogger.Scope quiet = logger.quiet()) {
            cache = config.createTimingCache(bytes, data.length);
            if ((cache == null || cache.isNull()) && data.length > 0) {
                System.err.println("trt4j: warning: " + file + " is not a timing cache for this TensorRT/GPU; starting an empty one");
                cache = config.createTimingCache(null, 0);
            }
        }
        cache = TrtObjects.own(cache, ITimingCache::new, "createTimingCache");
        if (config.setTimingCache(cache, false)) return cache;
        // TensorRT refuses a cache recorded on another device or version
        System.err.println("trt4j: warning: " + file + " was recorded on another GPU or TensorRT version; starting an empty timing cache");
        cache.close();
        cache = TrtObjects.own(config.createTimingCache(null, 0), ITimingCache::new, "createTimingCache");
        if (!config.setTimingCache(cache, false)) throw new TrtException("setTimingCache refused an empty timing cache");
        return cache;
    }

    private static void saveTimingCache(IBuilderConfig config, Path file) {
        ITimingCache cache = config.getTimingCache();
        if (cache == null || cache.isNull()) throw new TrtException("the builder config lost its timing cache");
        try (IHostMemory data = TrtObjects.own(cache.serialize(), IHostMemory::new, "ITimingCache.serialize")) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.write(file, copy(data));
        } catch (IOException e) {
            throw new UserError(file + ": cannot write timing cache: " + e.getMessage(), e);
        }
    }

    static byte[] copy(IHostMemory memory) {
        long size = memory.size();
        if (size > Integer.MAX_VALUE - 8) throw new UserError("serialized plan of " + size + " bytes exceeds 2 GiB");
        byte[] bytes = new byte[(int) size];
        new BytePointer(memory.data()).capacity(size).get(bytes);
        return bytes;
    }

    private static String example(int[] dims) {
        int[] min = dims.clone(), opt = dims.clone(), max = dims.clone();
        for (int i = 0; i < dims.length; i++)
            if (dims[i] < 0) {
                boolean batch = i == 0 && dims.length > 1;
                min[i] = batch ? 1 : 64;
                opt[i] = batch ? 1 : 256;
                max[i] = batch ? 4 : 512;
            }
        return Shape.of(min) + ":" + Shape.of(opt) + ":" + Shape.of(max);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
