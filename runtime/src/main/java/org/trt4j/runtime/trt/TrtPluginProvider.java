package org.trt4j.runtime.trt;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A module that brings TensorRT plugins (SPI: list implementations in
 * {@code META-INF/services/org.trt4j.runtime.trt.TrtPluginProvider}). Before building or loading an engine, trt4j
 * asks every provider on the class path to register its plugin creators with TensorRT's plugin registry, so engines
 * that use plugins load without extra calls. Each provider names its library and creators, which is how an engine's
 * sidecar lists the libraries its plugin layers come from.
 */
public interface TrtPluginProvider {

    /** Registers the plugin creators (e.g. loads the native library); called at most once per process. */
    void registerPlugins();

    /**
     * The library this provider registers and every creator in it; the path is where it was loaded from, or null when
     * it was not loaded. Called after {@link #registerPlugins()}.
     */
    PluginLibrary library();

    /** Runs every provider once; a provider that fails throws (its error names the library). */
    static void registerAll() {
        Registered.once();
    }

    /** The libraries of every provider on the class path (registering them first, once). */
    static List<PluginLibrary> libraries() {
        List<PluginLibrary> libraries = new ArrayList<>();
        for (TrtPluginProvider p : Registered.once()) libraries.add(p.library());
        return libraries;
    }

    /** Holder so the ServiceLoader pass runs once. */
    final class Registered {
        private static List<TrtPluginProvider> providers;

        private Registered() {}

        static synchronized List<TrtPluginProvider> once() {
            if (providers != null) return providers;
            List<TrtPluginProvider> found = new ArrayList<>();
            for (TrtPluginProvider p : ServiceLoader.load(TrtPluginProvider.class)) found.add(p);
            providers = List.copyOf(found);
            for (TrtPluginProvider p : providers) p.registerPlugins();
            return providers;
        }
    }
}
