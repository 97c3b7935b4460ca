package org.trt4j.plugins;

import org.trt4j.error.UserError;
import org.trt4j.runtime.trt.TrtPluginProvider;

/** Registers libtrt4j_plugins.so before any engine is built or loaded, when the library is there to load. */
public final class PluginsProvider implements TrtPluginProvider {
    @Override public void registerPlugins() {
        try {
            Plugins.libraryPath();
        } catch (UserError notBuilt) {
            // Built without nvcc: networks without trt4j plugins still build and load; one that uses a plugin fails
            // at that layer, naming the plugin and Plugins.load().
            return;
        }
        Plugins.load();
    }
}
