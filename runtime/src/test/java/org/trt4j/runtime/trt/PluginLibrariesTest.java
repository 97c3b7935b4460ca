package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.runtime.trt.PluginLibrary.Creator;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Which plugin libraries an engine sidecar lists for the plugin creators its layers use (no TensorRT needed). */
class PluginLibrariesTest {
    private static final Creator GRID = new Creator("GridSample", "1", "trt4j");
    private static final Creator INVERSE = new Creator("Inverse", "1", "trt4j");
    private static final Creator FOO = new Creator("Foo", "1", "");
    private static final PluginLibrary OURS = new PluginLibrary("libtrt4j_plugins.so", "/x/libtrt4j_plugins.so", List.of(GRID, INVERSE));
    private static final PluginLibrary OTHER = new PluginLibrary("libother.so", "/y/libother.so", List.of(FOO));

    @Test void listsTheLibrariesOfTheUsedCreatorsWithOnlyThoseCreators() {
        assertEquals(List.of(new PluginLibrary("libtrt4j_plugins.so", "/x/libtrt4j_plugins.so", List.of(INVERSE))),
                PluginLibraries.needed(List.of(INVERSE, INVERSE), List.of(OURS, OTHER)));
        assertEquals(List.of(OTHER), PluginLibraries.needed(List.of(FOO), List.of(OURS, OTHER)));
        assertEquals(List.of(new PluginLibrary("libtrt4j_plugins.so", "/x/libtrt4j_plugins.so", List.of(INVERSE, GRID)), OTHER),
                PluginLibraries.needed(List.of(INVERSE, FOO, GRID), List.of(OURS, OTHER)));
    }

    @Test void aNetworkWithoutPluginsNeedsNoLibrary() {
        assertEquals(List.of(), PluginLibraries.needed(List.of(), List.of(OURS, OTHER)));
        assertEquals(List.of(), PluginLibraries.needed(List.of(), List.of()));
    }

    @Test void aCreatorIsListedUnderTheFirstLibraryProvidingIt() {
        PluginLibrary copy = new PluginLibrary("libcopy.so", null, List.of(GRID));
        assertEquals(List.of(new PluginLibrary("libcopy.so", null, List.of(GRID))), PluginLibraries.needed(List.of(GRID), List.of(copy, OURS)));
    }

    @Test void aCreatorNoLibraryProvidesIsNamed() {
        // version and namespace are part of the creator's identity
        for (Creator unknown : List.of(new Creator("Inverse", "2", "trt4j"), new Creator("Inverse", "1", ""), new Creator("Bar", "1", null))) {
            UserError e = assertThrows(UserError.class, () -> PluginLibraries.needed(List.of(GRID, unknown), List.of(OURS, OTHER)));
            assertTrue(e.getMessage().contains(unknown.toString()) && e.getMessage().contains("libtrt4j_plugins.so"), e.getMessage());
        }
    }

    @Test void aMissingNamespaceIsTheEmptyOne() {
        assertEquals(FOO, new Creator("Foo", "1", null));
        assertEquals("Foo v1", FOO.toString());
        assertEquals("trt4j::GridSample v1", GRID.toString());
    }
}
