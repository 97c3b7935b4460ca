package org.trt4j.runtime.trt;

import java.util.List;

/**
 * A native plugin library an engine needs at load time: its name, the path it was loaded from at build time, and the
 * plugin creators (name, version, namespace) the engine uses from it.
 */
public record PluginLibrary(String name, String path, List<Creator> creators) {

    public PluginLibrary {
        creators = creators == null ? List.of() : List.copyOf(creators);
    }

    /** One IPluginV3 creator as TensorRT's plugin registry knows it. */
    public record Creator(String name, String version, String namespace) {
        @Override public String toString() {
            return (namespace == null || namespace.isEmpty() ? "" : namespace + "::") + name + " v" + version;
        }
    }
}
