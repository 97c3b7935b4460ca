package org.trt4j.runtime.trt;

import java.util.List;
import java.util.Map;

/**
 * What the {@code .engine.json} sidecar records about an engine: which network and options built it, its inputs and
 * outputs, the TensorRT version and GPU it is tied to, the plugin libraries it needs, and the weights it holds.
 *
 * @param formatVersion    sidecar format, {@link #FORMAT_VERSION}
 * @param networkOptions   the network's own options (e.g. class count), as given to the build
 * @param buildOptions     {@link BuildOptions#describe()}
 * @param tensorrtVersion  "major.minor.patch.build" of the TensorRT that built the plan
 * @param weightsSha256    SHA-256 (hex) of the weights file, null when built without one
 */
public record EngineInfo(int formatVersion, String network, Map<String, String> networkOptions, String precision,
                         Map<String, String> buildOptions, List<EngineTensor> inputs, List<EngineTensor> outputs,
                         String tensorrtVersion, String gpuName, String computeCapability,
                         List<PluginLibrary> pluginLibraries, String weightsFile, String weightsSha256,
                         String buildTime, double buildSeconds) {

    public static final int FORMAT_VERSION = 1;

    public EngineInfo {
        networkOptions = networkOptions == null ? Map.of() : Map.copyOf(networkOptions);
        buildOptions = buildOptions == null ? Map.of() : Map.copyOf(buildOptions);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        pluginLibraries = pluginLibraries == null ? List.of() : List.copyOf(pluginLibraries);
    }

    /** The same info with the network's name and options and the weights file recorded. */
    public EngineInfo withSource(String networkName, Map<String, String> options, String weightsPath, String sha256) {
        return new EngineInfo(formatVersion, networkName, options, precision, buildOptions, inputs, outputs, tensorrtVersion,
                gpuName, computeCapability, pluginLibraries, weightsPath, sha256, buildTime, buildSeconds);
    }
}
