package org.trt4j.networks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Test resources as files, under Maven (target/test-classes: a file URL) and on the GPU host, where the test classes
 * and resources come from networks-tests.jar: a jar URL, which {@code Path.of(url.toURI())} rejects
 * (FileSystemNotFoundException), so the resource is copied to a temporary file of the same name.
 */
public final class TestResources {
    private TestResources() {}

    /** @param resource absolute resource name, e.g. "/golden/srcnn/srcnn.npz" */
    public static Path file(String resource) throws IOException {
        URL url = TestResources.class.getResource(resource);
        if (url == null) throw new IOException("test resource " + resource + " not on the class path");
        if (url.getProtocol().equals("file")) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IOException(url + ": " + e.getMessage(), e);
            }
        }
        Path dir = Files.createTempDirectory("trt4j-test-resource");
        Path file = dir.resolve(Path.of(resource.substring(resource.lastIndexOf('/') + 1)).toString());
        try (InputStream in = url.openStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return file;
    }
}
