package org.trt4j.runtime.trt;

import java.util.ServiceLoader;

/**
 * A module that brings TensorRT plugins (SPI: list implementations in
 * {@code META-INF/services/org.trt4j.runtime.trt.TrtPluginProvider}). Before building or loading an engine, trt4j
 * asks every provider on the class path to register its plugin creators with TensorRT's plugin registry, so engines
 * that use plugins load without extra calls.
 */
public interface TrtPluginProvider {

    /** Registers the plugin creators (e.g. loads the native library); called at most once per process. */
    void registerPlugins();

    /** Runs every provider once; a provider that fails throws (its error names the library). */
    static void registerAll() {
        Registered.once();
    }

    /** Holder so the ServiceLoader pass runs once. */
    final class Registered {
        private static boolean done;

        private Registered() {}

        static synchronized void once() {
            if (done) return;
            done = true;
            for (TrtPluginProvider p : ServiceLoader.load(TrtPluginProvider.class)) p.registerPlugins();
        }
    }
}
