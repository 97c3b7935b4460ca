package org.trt4j.runtime.run;

import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Cuda;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.TensorRt;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes a cached engine the right one: the network and its options, the weights' SHA-256, the build options
 * that change the plan (precision, profiles, workspace, optimization level; not the timing-cache file, which only
 * speeds the build up), the GPU and the TensorRT version.
 */
public record EngineCacheKey(String network, Map<String, String> networkOptions, String weightsSha256,
                             Map<String, String> build, String gpu, String tensorRtVersion) {

    public EngineCacheKey {
        networkOptions = Map.copyOf(networkOptions);
        build = Map.copyOf(build);
    }

    /** The key for this network and build on this process's GPU and TensorRT (loads TensorRT). */
    public static EngineCacheKey of(DefinedNetwork defined, String weightsSha256, BuildOptions options) {
        return new EngineCacheKey(defined.factory().name(), defined.options().asMap(), weightsSha256, buildPart(options),
                Cuda.currentDevice().name(), TensorRt.fullVersion());
    }

    /** The build options that change the engine. */
    static Map<String, String> buildPart(BuildOptions options) {
        Map<String, String> m = new TreeMap<>(options.describe());
        m.remove("timingCache");
        return m;
    }

    /** Every component in a fixed order (maps sorted), so equal keys give equal text. */
    String text() {
        return String.join("|", network, new TreeMap<>(networkOptions).toString(), weightsSha256,
                new TreeMap<>(build).toString(), gpu, tensorRtVersion);
    }

    /** The cache file name: readable network and precision, then 16 hex digits of the key's SHA-256. */
    public String fileName() {
        String precision = build.getOrDefault("precision", "fp32").toLowerCase(Locale.ROOT);
        return network + "-" + precision + "-" + digest().substring(0, 16) + ".engine";
    }

    String digest() { return EngineFiles.sha256(text().getBytes(StandardCharsets.UTF_8)); }
}
