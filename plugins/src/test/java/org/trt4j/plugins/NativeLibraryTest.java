package org.trt4j.plugins;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where the build compiled libtrt4j_plugins.so (nvcc present, as in CI): the jar resource is found and extracted, and
 * the standalone checker drives the library through the declared TensorRT ABI (creators, interface kinds, fields,
 * bad fields; kernels too when a GPU is present). Skipped where nvcc was missing.
 */
class NativeLibraryTest {
    static final Path NATIVE = Path.of("target/native");

    @Test void jarResourceIsExtractedAndIsAnElfLibrary() throws IOException {
        String resource = "org/trt4j/plugins/native/" + Plugins.platform() + "/" + Plugins.LIBRARY_FILE;
        assumeTrue(getClass().getClassLoader().getResource(resource) != null, "native library not built (no nvcc)");
        Path library = Plugins.libraryPath();
        assertTrue(Files.isRegularFile(library), library.toString());
        try (InputStream in = Files.newInputStream(library)) {
            assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, in.readNBytes(4));
        }
    }

    @Test void smokeCheckerPasses() throws Exception {
        Path smoke = NATIVE.resolve("trt4j_plugins_smoke");
        assumeTrue(Files.isExecutable(smoke), "native library not built (no nvcc)");
        Process p = new ProcessBuilder(smoke.toString(), NATIVE.resolve(Plugins.LIBRARY_FILE).toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "smoke checker finished");
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("PASSED"), log);
    }
}
