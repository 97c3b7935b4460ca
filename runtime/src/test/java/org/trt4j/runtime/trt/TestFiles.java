package org.trt4j.runtime.trt;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Test helpers that work both under Maven (module directory, plain class path) and from the jars the GPU host runs
 * (repository root as working directory, JUnit console launcher class loader).
 */
public final class TestFiles {
    private TestFiles() {}

    /** Copies a test resource (e.g. "golden/network/tiny.wts") from the class path into {@code dir}. */
    public static Path resource(String name, Path dir) throws IOException {
        try (InputStream in = TestFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IOException("test resource " + name + " not on the class path");
            Path out = dir.resolve(Path.of(name).getFileName().toString());
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        }
    }

    /** A command line running {@code mainClass} in a fresh JVM with this JVM's class path and library path. */
    public static List<String> javaCommand(Class<?> mainClass, String... args) {
        Set<String> entries = new LinkedHashSet<>(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
        // the JUnit console launcher puts the test class path in a URLClassLoader, not in java.class.path
        for (ClassLoader cl = mainClass.getClassLoader(); cl != null; cl = cl.getParent())
            if (cl instanceof URLClassLoader u)
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        entries.add(url.getPath());
                    }
                }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.library.path=" + System.getProperty("java.library.path"),
                "-cp", String.join(File.pathSeparator, entries), mainClass.getName()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }
}
