package org.trt4j.runtime.triton;

import org.trt4j.error.UserError;
import org.trt4j.io.OutputFile;
import org.trt4j.runtime.trt.Compatibility;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.EngineInfo;
import org.trt4j.runtime.trt.PluginLibrary;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a Triton model directory for an engine: {@code REPO/NAME/config.pbtxt}, {@code REPO/NAME/1/model.plan}, the
 * plugin libraries the engine needs under {@code REPO/NAME/plugins/} (Triton ignores non-numeric subdirectories) and
 * {@code REPO/NAME/LOADING.txt} saying how to load them: Triton's TensorRT backend does not read plugins from the model
 * configuration, only from {@code --backend-config=tensorrt,plugins=...} or a preloaded library.
 */
public final class TritonExport {

    /** What was written, for the command to print. */
    public record Result(Path modelDir, TritonConfig config, List<Path> plugins, List<String> missingPlugins, String loading) {}

    private TritonExport() {}

    /**
     * @param pluginOverrides libraries to ship instead of the paths the sidecar recorded (matched by file name)
     */
    public static Result export(Path engine, Path repository, String name, Integer maxBatch, int instances, List<Path> pluginOverrides) {
        EngineInfo info = EngineFiles.readSidecar(engine);
        if (info == null)
            throw new UserError(engine + ": no sidecar " + EngineFiles.sidecarOf(engine).getFileName()
                    + " beside it; export-triton reads the inputs, outputs and profiles from it (engines built by trt4j have one)");
        // Triton's TensorRT backend deserializes with its own runtime and has no setting that names a lean runtime
        if (Compatibility.of(info.buildOptions()).leanRuntimeExcluded())
            throw new UserError(engine + ": built with --exclude-lean-runtime, which Triton's TensorRT backend cannot load (it takes "
                    + "no lean runtime to load it with): build it with --version-compatible alone");
        byte[] plan = EngineFiles.readPlan(engine);
        String modelName = name != null ? name : defaultName(engine, info);
        TritonConfig config = TritonConfig.of(modelName, info, maxBatch, instances);
        Path modelDir = repository.resolve(modelName);
        List<Path> shipped = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (PluginLibrary lib : info.pluginLibraries()) {
            Path source = pluginSource(lib, pluginOverrides);
            if (source == null) {
                missing.add(lib.name());
                continue;
            }
            Path target = modelDir.resolve("plugins").resolve(lib.name());
            copy(source, target);
            shipped.add(target);
        }
        OutputFile.write(modelDir.resolve("1").resolve("model.plan"), out -> out.write(plan));
        OutputFile.write(modelDir.resolve("config.pbtxt"), out -> out.write(config.toPbtxt().getBytes(StandardCharsets.UTF_8)));
        String loading = loading(modelName, info, shipped, missing);
        OutputFile.write(modelDir.resolve("LOADING.txt"), out -> out.write(loading.getBytes(StandardCharsets.UTF_8)));
        return new Result(modelDir, config, shipped, missing, loading);
    }

    /** The network's name from the sidecar, else the engine's file name without .engine, made a valid model name. */
    static String defaultName(Path engine, EngineInfo info) {
        String base = info.network() != null ? info.network() : engine.getFileName().toString().replaceFirst("\\.(engine|plan)$", "");
        return base.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static Path pluginSource(PluginLibrary lib, List<Path> overrides) {
        for (Path p : overrides) {
            if (!Files.isRegularFile(p)) throw new UserError(p + ": plugin library not found");
            if (p.getFileName().toString().equals(lib.name())) return p;
        }
        if (lib.path() != null && Files.isRegularFile(Path.of(lib.path()))) return Path.of(lib.path());
        return null;
    }

    private static void copy(Path source, Path target) {
        OutputFile.writeVia(target, temporary -> Files.copy(source, temporary, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
    }

    private static String loading(String name, EngineInfo info, List<Path> shipped, List<String> missing) {
        StringBuilder b = new StringBuilder();
        b.append("Triton model '").append(name).append("': TensorRT plan built with TensorRT ").append(info.tensorrtVersion())
                .append(" on ").append(info.gpuName()).append(" (compute ").append(info.computeCapability()).append(").\n");
        Compatibility c = Compatibility.of(info.buildOptions());
        if (c.versionCompatible())
            b.append("Version-compatible plan: Triton's TensorRT must be ").append(majorOf(info.tensorrtVersion())).append(".x, ")
                    .append(info.tensorrtVersion()).append(" or later, and the server needs --backend-config=tensorrt,version-compatible=true.\n");
        else
            b.append("Triton's TensorRT must be this exact release (").append(info.tensorrtVersion())
                    .append("), e.g. the NGC tritonserver container that ships it.\n");
        b.append(c.amperePlus() ? "Ampere-plus plan: runs on GPUs of compute capability 8.0 and up.\n"
                : "The GPU must have the same compute capability as the builder's.\n");
        if (info.pluginLibraries().isEmpty()) {
            b.append("No plugin libraries are needed.\n");
            return b.toString();
        }
        if (shipped.isEmpty()) {
            b.append("NOT SHIPPED (not found; pass --plugin-library FILE): ").append(String.join(", ", missing)).append('\n');
            return b.toString();
        }
        List<String> paths = new ArrayList<>();
        for (Path p : shipped) paths.add("/models/" + name + "/plugins/" + p.getFileName());
        b.append("The engine needs plugin libraries; load them into the server process with one of:\n");
        b.append("  tritonserver --model-repository=/models --backend-config=tensorrt,plugins=\"")
                .append(String.join(";", paths)).append("\"\n");
        b.append("  LD_PRELOAD=").append(String.join(":", paths)).append(" tritonserver --model-repository=/models\n");
        b.append("(paths as seen inside the server, with this repository mounted at /models)\n");
        if (!missing.isEmpty())
            b.append("NOT SHIPPED (not found; pass --plugin-library FILE): ").append(String.join(", ", missing)).append('\n');
        return b.toString();
    }

    private static String majorOf(String version) {
        return version == null ? "?" : version.split("\\.")[0];
    }
}
