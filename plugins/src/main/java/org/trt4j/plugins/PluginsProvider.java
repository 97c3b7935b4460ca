package org.trt4j.plugins;

import org.trt4j.error.UserError;
import org.trt4j.runtime.trt.PluginLibrary;
import org.trt4j.runtime.trt.TrtPluginProvider;

import java.nio.file.Path;

/**
 * Registers libtrt4j_plugins.so before any engine is built or loaded, when the library is there to load, and names
 * it as the library of the trt4j plugin creators (so engine sidecars list it).
 */
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

    @Override public PluginLibrary library() {
        Path loaded = Plugins.loadedPath();
        return new PluginLibrary(Plugins.LIBRARY_FILE, loaded == null ? null : loaded.toString(), Plugins.PLUGIN_NAMES.stream()
                .map(name -> new PluginLibrary.Creator(name, Plugins.PLUGIN_VERSION, Plugins.PLUGIN_NAMESPACE)).toList());
    }
}
