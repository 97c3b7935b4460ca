package org.trt4j.runtime.trt;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.tensorrt.global.nvinfer;
import org.trt4j.error.UserError;

import java.nio.file.Path;

/**
 * Entry point that loads the TensorRT and CUDA libraries once. Every class that touches TensorRT calls
 * {@link #require()} first, so a machine without the libraries gets one clear error instead of a linkage crash.
 */
public final class TensorRt {
    private static boolean probed;
    private static String unavailableReason;

    private TensorRt() {}

    /** Loads the libraries (once); throws {@link TensorRtUnavailableError} naming the reason when they cannot load. */
    public static synchronized void require() {
        if (!probed) {
            unavailableReason = probe();
            probed = true;
        }
        if (unavailableReason != null) throw new TensorRtUnavailableError(unavailableReason);
    }

    /** Whether {@link #require()} would succeed. */
    public static boolean isAvailable() {
        try {
            require();
            return true;
        } catch (TensorRtUnavailableError e) {
            return false;
        }
    }

    /** The loaded TensorRT library's version, "major.minor.patch" (what engine plans are tied to). */
    public static String version() {
        require();
        return nvinfer.getInferLibMajorVersion() + "." + nvinfer.getInferLibMinorVersion() + "." + nvinfer.getInferLibPatchVersion();
    }

    /** The version including the build number, e.g. "10.6.0.26", for sidecars and reports. */
    public static String fullVersion() {
        return version() + "." + nvinfer.getInferLibBuildVersion();
    }

    private static String probe() {
        try {
            Loader.load(cudart.class);
            Loader.load(nvinfer.class);
        } catch (LinkageError | RuntimeException e) {
            // JavaCPP reports a missing libnvinfer.so.10 / libcudart.so.12 as UnsatisfiedLinkError (maybe wrapped)
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            return "cannot load the TensorRT 10 / CUDA 12 libraries (" + root.getClass().getSimpleName() + ": " + root.getMessage()
                    + "); put TensorRT 10.6 and CUDA 12 libraries on LD_LIBRARY_PATH";
        }
        int[] count = new int[1];
        int rc = cudart.cudaGetDeviceCount(count);
        if (rc != cudart.cudaSuccess) return "no usable CUDA device (" + Cuda.errorString(rc) + ")";
        if (count[0] == 0) return "no CUDA device";
        return null;
    }

    /** The lean runtime's file name, which a version-compatible build embeds into the plan. */
    public static final String LEAN_RUNTIME = "libnvinfer_lean.so.10";

    /** Names the lean runtime that loads plans built with --exclude-lean-runtime (else it is looked for on the library path). */
    public static final String LEAN_RUNTIME_PROPERTY = "trt4j.leanRuntime", LEAN_RUNTIME_ENV = "TRT4J_LEAN_RUNTIME";

    /**
     * The lean runtime to load a plan that excludes it: -Dtrt4j.leanRuntime=PATH, else TRT4J_LEAN_RUNTIME=PATH, else
     * {@link #leanRuntime()} (null when none). A named file that does not exist is an error naming where it was named.
     */
    public static Path leanRuntimeToLoad() {
        String property = System.getProperty(LEAN_RUNTIME_PROPERTY), env = System.getenv(LEAN_RUNTIME_ENV);
        String named = property != null ? property : env;
        if (named == null || named.isBlank()) return leanRuntime();
        Path p = Path.of(named);
        if (!java.nio.file.Files.isRegularFile(p))
            throw new UserError(p + ": no such lean runtime (named by " + (property != null ? "-D" + LEAN_RUNTIME_PROPERTY
                    : LEAN_RUNTIME_ENV) + ")");
        return p;
    }

    /** {@link #leanRuntimeToLoad()}, or an error saying how to name one (of TensorRT {@code builtWith}, the plan's builder). */
    public static Path requireLeanRuntime(String builtWith) {
        Path lean = leanRuntimeToLoad();
        if (lean == null)
            throw new UserError("the plan was built with --exclude-lean-runtime: name the lean runtime of TensorRT " + builtWith
                    + ", the release that built it (" + LEAN_RUNTIME + ", from NVIDIA's TensorRT package or tarball), with -D"
                    + LEAN_RUNTIME_PROPERTY + "=PATH or " + LEAN_RUNTIME_ENV + "=PATH");
        return lean;
    }

    /**
     * Where the lean runtime a version-compatible build needs would be found (java.library.path, LD_LIBRARY_PATH,
     * the system library directories), or null. The bytedeco preset does not ship it; NVIDIA's TensorRT packages do.
     */
    public static Path leanRuntime() {
        java.util.List<String> dirs = new java.util.ArrayList<>();
        for (String v : new String[] {System.getProperty("java.library.path"), System.getenv("LD_LIBRARY_PATH")})
            if (v != null) dirs.addAll(java.util.Arrays.asList(v.split(java.io.File.pathSeparator)));
        dirs.addAll(java.util.List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"));
        for (String d : dirs) {
            if (d.isBlank()) continue;
            Path p = Path.of(d, LEAN_RUNTIME);
            if (java.nio.file.Files.exists(p)) return p;
        }
        return null;
    }
}
