package org.trt4j.runtime.trt;

import org.trt4j.error.UserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this machine can run an engine file, item by item (TensorRT release, GPU, plugin libraries, and finally
 * deserializing the plan), each with the reason when it cannot: what {@code trt4j check --engine E} prints.
 */
public final class EngineCheck {

    /** One item: what was checked, whether it passed, and what was found (or why not). */
    public record Item(String what, boolean ok, String detail) {
        @Override public String toString() {
            return String.format("%-9s %s  %s", what, ok ? "ok" : "NO", detail);
        }
    }

    /** The engine's facts as its sidecar records them (null without one), and every item checked. */
    public record Report(Path engine, EngineInfo sidecar, List<Item> items) {
        public boolean runsHere() {
            return !items.isEmpty() && items.stream().allMatch(Item::ok);
        }

        /** The first item that failed, or null. */
        public Item firstProblem() {
            return items.stream().filter(i -> !i.ok()).findFirst().orElse(null);
        }
    }

    private EngineCheck() {}

    /** Checks {@code engine} against this process's TensorRT, GPU and plugins; {@code load} deserializes it too. */
    public static Report check(Path engine, boolean load) {
        if (!Files.isRegularFile(engine)) throw new UserError(engine + ": engine file not found");
        EngineInfo sidecar = EngineFiles.readSidecar(engine);
        List<Item> items = new ArrayList<>();
        if (sidecar == null)
            items.add(new Item("sidecar", true, "none (" + EngineFiles.sidecarOf(engine).getFileName()
                    + " missing): only loading the plan can tell"));
        if (!TensorRt.isAvailable()) {
            String reason;
            try {
                TensorRt.require();
                reason = "";
            } catch (TensorRtUnavailableError e) {
                reason = e.getMessage();
            }
            items.add(new Item("TensorRT", false, reason));
            return new Report(engine, sidecar, items);
        }
        Compatibility compatibility = sidecar == null ? Compatibility.NONE : Compatibility.of(sidecar.buildOptions());
        String here = TensorRt.fullVersion();
        if (sidecar != null) {
            String problem = EngineCompatibility.tensorRtProblem(sidecar.tensorrtVersion(), here, compatibility.versionCompatible());
            items.add(new Item("TensorRT", problem == null, problem != null ? problem : "built with " + sidecar.tensorrtVersion()
                    + ", this is " + here + (compatibility.versionCompatible() ? " (version-compatible plan)" : "")));
            if (compatibility.leanRuntimeExcluded()) items.add(leanRuntimeItem(sidecar.tensorrtVersion()));
        }
        Cuda.Device gpu;
        try {
            gpu = Cuda.currentDevice();
        } catch (CudaException e) {
            items.add(new Item("GPU", false, "no usable CUDA device: " + e.getMessage()));
            return new Report(engine, sidecar, items);
        }
        if (sidecar != null) {
            String problem = EngineCompatibility.gpuProblem(sidecar.computeCapability(), sidecar.gpuName(), gpu.computeCapability(),
                    gpu.name(), compatibility.amperePlus());
            items.add(new Item("GPU", problem == null, problem != null ? problem : "built on " + sidecar.gpuName() + " (compute "
                    + sidecar.computeCapability() + "), this is " + gpu.name() + " (compute " + gpu.computeCapability() + ")"
                    + (compatibility.amperePlus() ? ", Ampere-plus plan" : "")));
            TrtPluginProvider.registerAll();
            String problem2 = Engine.pluginProblem(sidecar, TrtLogger.get());
            items.add(new Item("plugins", problem2 == null, problem2 != null ? problem2
                    : sidecar.pluginLibraries().isEmpty() ? "none needed" : "registered: " + libraryNames(sidecar)));
        }
        if (load && items.stream().allMatch(Item::ok)) {
            try (Engine e = Engine.load(engine)) {
                items.add(new Item("load", true, "deserialized: " + e.inputs().size() + " inputs, " + e.outputs().size() + " outputs"));
            } catch (UserError e) {
                items.add(new Item("load", false, e.getMessage()));
            }
        }
        return new Report(engine, sidecar, items);
    }

    /** A plan without its lean runtime needs one of the release that built it, named or on the library path. */
    private static Item leanRuntimeItem(String builtWith) {
        try {
            return new Item("lean runtime", true, TensorRt.requireLeanRuntime(builtWith) + " (must be TensorRT " + builtWith + "'s)");
        } catch (UserError e) {
            return new Item("lean runtime", false, e.getMessage());
        }
    }

    private static String libraryNames(EngineInfo sidecar) {
        List<String> names = new ArrayList<>();
        for (PluginLibrary lib : sidecar.pluginLibraries()) names.add(lib.name() + " " + lib.creators());
        return String.join(", ", names);
    }
}
