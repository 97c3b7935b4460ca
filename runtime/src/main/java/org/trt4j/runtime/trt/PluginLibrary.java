package org.trt4j.runtime.trt;

import org.trt4j.runtime.graph.PluginSpec;

import java.util.List;

/**
 * A native plugin library an engine needs at load time: its name, the path it was loaded from at build time (null
 * when unknown), and the plugin creators (name, version, namespace) the engine uses from it.
 */
public record PluginLibrary(String name, String path, List<Creator> creators) {

    public PluginLibrary {
        creators = creators == null ? List.of() : List.copyOf(creators);
    }

    /** One IPluginV3 creator as TensorRT's plugin registry knows it; a missing namespace is the empty one. */
    public record Creator(String name, String version, String namespace) {
        public Creator {
            namespace = namespace == null ? "" : namespace;
        }

        /** The creator a plugin layer of this spec is made by. */
        public static Creator of(PluginSpec spec) {
            return new Creator(spec.pluginName(), spec.pluginVersion(), spec.pluginNamespace());
        }

        @Override public String toString() {
            return (namespace.isEmpty() ? "" : namespace + "::") + name + " v" + version;
        }
    }
}
