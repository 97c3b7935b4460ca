package org.trt4j.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.EngineInfo;
import org.trt4j.runtime.trt.EngineTensor;
import org.trt4j.runtime.trt.PluginLibrary;
import org.trt4j.runtime.trt.TensorRt;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code trt4j inspect --engine E} prints: the sidecar (network, options, TensorRT version, GPU, plugins,
 * weights hash), the engine's inputs and outputs, and TensorRT's own per-layer information (IEngineInspector).
 */
public final class EngineInspection {
    private EngineInspection() {}

    public static void print(Path engineFile, boolean json, PrintWriter out) {
        TensorRt.require();
        try (Engine engine = Engine.load(engineFile)) {
            JsonNode layers = parse(engine.layerInformationJson());
            EngineInfo info = engine.info();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("engine", engineFile.toString());
                m.put("sidecar", info);
                m.put("inputs", engine.inputs());
                m.put("outputs", engine.outputs());
                m.put("layerCount", engine.layerCount());
                m.put("deviceMemoryBytes", engine.deviceMemoryBytes());
                m.put("layers", layers);
                out.println(EngineFiles.toJson(m));
                return;
            }
            out.println("engine " + engineFile + ": " + engine.layerCount() + " layers, " + engine.deviceMemoryBytes() / 1024 + " KiB activation memory");
            if (info == null) {
                out.println("  (no " + EngineFiles.sidecarOf(engineFile).getFileName() + " sidecar)");
            } else {
                out.println("  network " + info.network() + " " + info.networkOptions() + ", " + info.precision() + ", built " + info.buildTime()
                        + String.format(" in %.1f s", info.buildSeconds()));
                out.println("  TensorRT " + info.tensorrtVersion() + " on " + info.gpuName() + " (compute " + info.computeCapability() + ")");
                if (info.weightsFile() != null) out.println("  weights " + info.weightsFile() + " sha256 " + info.weightsSha256());
                for (PluginLibrary p : info.pluginLibraries()) out.println("  plugin library " + p.name() + " " + p.creators());
            }
            for (EngineTensor t : engine.inputs()) out.println("  input  " + t.describe());
            for (EngineTensor t : engine.outputs()) out.println("  output " + t.describe());
            JsonNode list = layers.path("Layers");
            if (list.isArray()) {
                out.println("  layers:");
                for (JsonNode l : list) out.println("    " + (l.isTextual() ? l.asText() : l.path("Name").asText(l.toString())
                        + (l.has("LayerType") ? "  [" + l.path("LayerType").asText() + "]" : "")
                        + (l.has("TacticName") ? "  " + l.path("TacticName").asText() : "")));
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("IEngineInspector returned invalid JSON: " + e.getMessage(), e);
        }
    }
}
