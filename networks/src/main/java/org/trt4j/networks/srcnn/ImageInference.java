package org.trt4j.networks.srcnn;

import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Cuda;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.EnginePlan;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.TensorRt;
import org.trt4j.runtime.trt.layers.NetworkTranslator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a defined image network once, on TensorRT when a GPU and TensorRT are present and on the CPU reference backend
 * otherwise (or as asked), and says which. TensorRT engines are built once and cached under
 * {@code $TRT4J_CACHE/engines} (default {@code ~/.cache/trt4j/engines}), keyed by the weights' SHA-256, the network
 * options, the build options (precision, profiles), the GPU name and the TensorRT version.
 */
public final class ImageInference {
    public enum Backend { AUTO, CPU, TENSORRT }

    private ImageInference() {}

    /**
     * @param weightsSha256 SHA-256 of the weights the network was defined with (part of the engine cache key)
     * @param build         precision and input profiles for a TensorRT build
     */
    public static Map<String, HostTensor> run(DefinedNetwork network, String weightsSha256, Map<String, HostTensor> inputs,
                                              Backend backend, BuildOptions build, PrintStream log) {
        if (!useTensorRt(backend)) {
            String why = backend == Backend.CPU ? "as asked" : "no GPU with TensorRT here";
            log.printf("trt4j: running %s on the CPU reference backend (%s)%n", network.factory().name(), why);
            return new CpuBackend().run(network.network(), inputs);
        }
        Path enginePath = cachePath(network, weightsSha256, build);
        try (Engine engine = loadOrBuild(network, weightsSha256, build, enginePath, log);
             ExecutionSession session = engine.newSession()) {
            log.printf("trt4j: running %s on TensorRT %s, %s, %s (engine %s)%n", network.factory().name(), TensorRt.version(),
                    build.precision(), Cuda.currentDevice().name(), enginePath);
            for (var e : inputs.entrySet()) session.setInput(e.getKey(), e.getValue());
            session.run();
            return session.outputs();
        }
    }

    private static Engine loadOrBuild(DefinedNetwork network, String weightsSha256, BuildOptions build, Path path, PrintStream log) {
        if (Files.isRegularFile(path)) return Engine.load(path);
        log.printf("trt4j: building the %s TensorRT engine once (cached at %s)%n", build.precision(), path);
        EnginePlan plan = EngineBuilder.build(network.factory().name(), new NetworkTranslator(network.network()), build, log);
        EnginePlan recorded = plan.withInfo(plan.info().withSource(network.factory().name(), network.options().asMap(), null, weightsSha256));
        try {
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            EngineFiles.write(tmp, recorded.bytes(), recorded.info());
            // the sidecar first, then the plan, so a plan in the cache always has its sidecar
            Files.move(EngineFiles.sidecarOf(tmp), EngineFiles.sidecarOf(path), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UserError e) {
            log.printf("trt4j: warning: could not cache the engine at %s (%s); using it uncached%n", path, e.getMessage());
        }
        return Engine.fromPlan(recorded);
    }

    /** The cache file for this network, weights, build options, GPU and TensorRT version. */
    static Path cachePath(DefinedNetwork network, String weightsSha256, BuildOptions build) {
        String key = network.factory().name() + "|" + new TreeMap<>(network.options().asMap()) + "|" + weightsSha256 + "|"
                + new TreeMap<>(build.describe()) + "|" + Cuda.currentDevice().name() + "|" + TensorRt.fullVersion();
        String digest = sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return cacheRoot().resolve("engines").resolve(network.factory().name() + "-" + build.precision().name().toLowerCase()
                + "-" + digest + ".engine");
    }

    static Path cacheRoot() {
        String env = System.getenv("TRT4J_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "trt4j");
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** cpu: never; tensorrt: always (an error saying why if TensorRT cannot load); auto: when TensorRT loads. */
    public static boolean useTensorRt(Backend backend) {
        return switch (backend) {
            case CPU -> false;
            case TENSORRT -> {
                TensorRt.require();
                yield true;
            }
            case AUTO -> TensorRt.isAvailable();
        };
    }

    public static Backend backend(String text) {
        try {
            return Backend.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("backend '" + text + "' is not one of auto, cpu, tensorrt");
        }
    }

    public static Precision precision(String text) {
        try {
            return Precision.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("precision '" + text + "' is not one of fp32, tf32, fp16");
        }
    }
}
