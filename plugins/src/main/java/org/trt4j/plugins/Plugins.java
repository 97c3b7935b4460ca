package org.trt4j.plugins;

import org.bytedeco.tensorrt.nvinfer.IPluginCreatorInterface;
import org.bytedeco.tensorrt.nvinfer.IPluginRegistry;
import org.trt4j.error.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.bytedeco.tensorrt.global.nvinfer.getPluginRegistry;

/**
 * Finds {@code libtrt4j_plugins.so} and registers its plugin creators with TensorRT's plugin registry, which is what
 * building or deserializing an engine with trt4j plugin layers needs. Idempotent and thread-safe.
 *
 * <p>The library is looked up in this order: the system property {@value #LIBRARY_PROPERTY} (a path); the jar
 * resource {@code org/trt4j/plugins/native/<platform>/libtrt4j_plugins.so} (extracted to a temporary directory); each
 * directory of {@code java.library.path}; {@code plugins/target/native} under the working directory or its parent
 * (a source checkout after {@code mvn package}).
 */
public final class Plugins {
    public static final String LIBRARY_FILE = "libtrt4j_plugins.so";
    public static final String LIBRARY_PROPERTY = "trt4j.plugins.library";
    public static final String PLUGIN_NAMESPACE = "trt4j";
    public static final String PLUGIN_VERSION = "1";
    /** The creators the library registers, each at {@link #PLUGIN_VERSION} in {@link #PLUGIN_NAMESPACE}. */
    public static final List<String> PLUGIN_NAMES = List.of(GridSampleSpec.NAME, MatrixInverseSpec.NAME, BatchedNmsSpec.NAME);

    private static Path loaded;
    private static Path extracted;

    private Plugins() {}

    /** Registers the plugins with TensorRT (once per JVM) and returns the library path it loaded. */
    public static synchronized Path load() {
        if (loaded != null) return loaded;
        Path library = libraryPath();
        IPluginRegistry registry = getPluginRegistry();
        if (registry == null || registry.isNull()) throw new UserError("TensorRT returned no plugin registry");
        IPluginRegistry.PluginLibraryHandle handle = registry.loadLibrary(library.toString());
        if (handle == null || handle.isNull())
            throw new UserError("TensorRT could not load the plugin library " + library
                    + " (TensorRT's log says why; the driver must support the CUDA version of the nvcc that built it)");
        for (String name : PLUGIN_NAMES) {
            IPluginCreatorInterface creator = registry.getCreator(name, PLUGIN_VERSION, PLUGIN_NAMESPACE);
            if (creator == null || creator.isNull())
                throw new UserError("after loading " + library + ", TensorRT has no plugin creator " + PLUGIN_NAMESPACE
                        + "::" + name + " version " + PLUGIN_VERSION + ": is it an older build of the library?");
        }
        loaded = library;
        return library;
    }

    /** The path {@link #load()} registered, or null before it has. */
    public static synchronized Path loadedPath() { return loaded; }

    /** Where the library is, without loading TensorRT (e.g. for {@code trtexec --dynamicPlugins}). */
    public static synchronized Path libraryPath() {
        List<String> tried = new ArrayList<>();
        String property = System.getProperty(LIBRARY_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property);
            if (Files.isRegularFile(p)) return p.toAbsolutePath();
            throw new UserError("-D" + LIBRARY_PROPERTY + "=" + property + ": no such file");
        }
        String resource = "org/trt4j/plugins/native/" + platform() + "/" + LIBRARY_FILE;
        Path fromJar = extract(resource);
        if (fromJar != null) return fromJar;
        tried.add("classpath resource " + resource);
        for (String dir : System.getProperty("java.library.path", "").split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir, LIBRARY_FILE);
            if (Files.isRegularFile(p)) return p.toAbsolutePath();
        }
        tried.add("java.library.path");
        Path cwd = Path.of("").toAbsolutePath();
        for (Path base : new Path[] {cwd, cwd.getParent()}) {
            if (base == null) continue;
            Path p = base.resolve("plugins/target/native").resolve(LIBRARY_FILE);
            if (Files.isRegularFile(p)) return p;
            tried.add(p.toString());
        }
        throw new UserError(LIBRARY_FILE + " not found (tried " + String.join(", ", tried) + "). Build it with nvcc: "
                + "mvn -B -pl plugins -am package (the build skips it where nvcc is missing), or pass -D"
                + LIBRARY_PROPERTY + "=PATH");
    }

    private static Path extract(String resource) {
        if (extracted != null) return extracted;
        try (InputStream in = Plugins.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) return null;
            Path dir = Files.createTempDirectory("trt4j-plugins");
            Path file = dir.resolve(LIBRARY_FILE);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            extracted = file;
            return file;
        } catch (IOException e) {
            throw new UserError("cannot extract " + resource + " to a temporary directory: " + e.getMessage(), e);
        }
    }

    /** The javacpp-style platform name: linux-x86_64, linux-arm64. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("linux") ? "linux" : os.startsWith("windows") ? "windows" : os.replace(' ', '_');
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return osName + "-" + archName;
    }
}
