package org.trt4j.runtime.trt;

import org.trt4j.error.UserError;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The plugin libraries an engine's sidecar lists: each plugin creator its layers use, matched to the library whose
 * {@link TrtPluginProvider} provides that creator. Pure Java (EngineBuilder passes the creators it finds in the
 * TensorRT network), so what a sidecar will list is testable without TensorRT.
 */
public final class PluginLibraries {
    private PluginLibraries() {}

    /**
     * The provided libraries that hold a used creator, in the order given, each listing only the creators used (in
     * the order first used). A creator no library provides is a UserError: the sidecar could not name its library.
     */
    public static List<PluginLibrary> needed(Collection<PluginLibrary.Creator> used, List<PluginLibrary> provided) {
        Set<PluginLibrary.Creator> unique = new LinkedHashSet<>(used);
        List<PluginLibrary> needed = new ArrayList<>();
        Set<PluginLibrary.Creator> found = new LinkedHashSet<>();
        for (PluginLibrary library : provided) {
            List<PluginLibrary.Creator> fromIt = unique.stream().filter(c -> library.creators().contains(c) && !found.contains(c)).toList();
            if (fromIt.isEmpty()) continue;
            found.addAll(fromIt);
            needed.add(new PluginLibrary(library.name(), library.path(), fromIt));
        }
        List<PluginLibrary.Creator> unknown = unique.stream().filter(c -> !found.contains(c)).toList();
        if (!unknown.isEmpty())
            throw new UserError("the network uses plugins " + unknown + ", which no plugin library on the class path provides"
                    + " (libraries: " + provided.stream().map(l -> l.name() + " " + l.creators()).toList()
                    + "); a TrtPluginProvider must name the library so the engine sidecar can list it");
        return needed;
    }
}
