package org.trt4j.runtime.run;

import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.EnginePlan;
import org.trt4j.runtime.trt.layers.NetworkTranslator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * TensorRT engines built once per {@link EngineCacheKey} and kept as plan + JSON sidecar under
 * {@code ROOT/engines}; ROOT is the system property {@code trt4j.cache}, else {@code $TRT4J_CACHE}, else
 * {@code ~/.cache/trt4j}. A cached file that does not load (truncated, corrupt) is built again.
 */
public final class EngineCache {
    private final Path directory;

    public EngineCache(Path directory) { this.directory = directory; }

    /** The cache at the configured root. */
    public static EngineCache atDefaultRoot() { return new EngineCache(defaultRoot().resolve("engines")); }

    public static Path defaultRoot() {
        String property = System.getProperty("trt4j.cache");
        if (property != null && !property.isBlank()) return Path.of(property);
        String env = System.getenv("TRT4J_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "trt4j");
    }

    public Path directory() { return directory; }

    public Path pathOf(EngineCacheKey key) { return directory.resolve(key.fileName()); }

    /** The engine for this network, weights and build: loaded from the cache, or built and stored there. */
    public Engine open(DefinedNetwork defined, String weightsSha256, BuildOptions options, PrintStream log) {
        return open(EngineCacheKey.of(defined, weightsSha256, options), () -> build(defined, weightsSha256, null, options, log),
                Engine::load, Engine::fromPlan, log);
    }

    /**
     * The cache logic, with the TensorRT steps as functions (so it is tested without a GPU).
     *
     * @param build    makes the plan on a miss
     * @param load     loads a cached file; any exception means the file is unusable and is rebuilt
     * @param fromPlan turns a fresh plan into the result
     */
    public <E> E open(EngineCacheKey key, Supplier<EnginePlan> build, Function<Path, E> load, Function<EnginePlan, E> fromPlan,
                      PrintStream log) {
        Path path = pathOf(key);
        if (Files.isRegularFile(path) && Files.isRegularFile(EngineFiles.sidecarOf(path))) {
            try {
                E loaded = load.apply(path);
                log.printf("trt4j: loaded cached engine %s%n", path);
                return loaded;
            } catch (RuntimeException e) {
                log.printf("trt4j: the cached engine %s does not load (%s); building it again%n", path, e.getMessage());
            }
        }
        log.printf("trt4j: building the %s %s TensorRT engine once (cached at %s)%n", key.build().get("precision"), key.network(), path);
        EnginePlan plan = build.get();
        store(path, plan, log);
        return fromPlan.apply(plan);
    }

    /**
     * Builds the engine plan of a defined network, its sidecar naming the network, options and weights. The one
     * build path of every command (also {@code trt4j build}, which writes it where asked).
     *
     * @param weightsFile recorded in the sidecar when known; may be null
     */
    public static EnginePlan build(DefinedNetwork defined, String weightsSha256, Path weightsFile, BuildOptions options, PrintStream log) {
        String name = defined.factory().name();
        EnginePlan plan = EngineBuilder.build(name, new NetworkTranslator(defined.network(), options.int8Scales()), options, log);
        return plan.withInfo(plan.info().withSource(name, defined.options().asMap(), weightsFile == null ? null : weightsFile.toString(), weightsSha256));
    }

    /** Sidecar first, then the plan, each by a rename: a plan in the cache always has its sidecar and is whole. */
    private static void store(Path path, EnginePlan plan, PrintStream log) {
        Path tmp = path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            EngineFiles.write(tmp, plan.bytes(), plan.info());
            move(EngineFiles.sidecarOf(tmp), EngineFiles.sidecarOf(path));
            move(tmp, path);
        } catch (IOException | UserError e) {  // EngineFiles reports an unwritable place as a UserError
            log.printf("trt4j: warning: could not cache the engine at %s (%s); using it uncached%n", path, e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(EngineFiles.sidecarOf(tmp));
            } catch (IOException ignored) {
                // a leftover temporary file is harmless: its name never matches a key
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
