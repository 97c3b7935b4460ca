package org.trt4j.runtime.trt;

/**
 * Whether a plan recorded in a sidecar loads on a machine, as text a user can act on: each check returns null when
 * it passes, else the reason. Pure, so the rules are tested without a GPU; {@link Engine} and {@code trt4j check}
 * apply them to the machine they run on.
 */
public final class EngineCompatibility {

    private EngineCompatibility() {}

    /**
     * A plan loads in the TensorRT release (major.minor.patch) that built it; a version-compatible one also in any
     * later release of the same major version (TensorRT's forward compatibility for plans with the lean runtime).
     */
    public static String tensorRtProblem(String built, String here, boolean versionCompatible) {
        if (built == null || here == null) return null; // nothing recorded: TensorRT's own check decides
        int[] b = release(built), h = release(here);
        if (b == null || h == null) return built.equals(here) ? null : "built with TensorRT " + built + ", this is " + here;
        if (b[0] == h[0] && b[1] == h[1] && b[2] == h[2]) return null;
        if (versionCompatible) {
            if (b[0] == h[0] && compare(h, b) >= 0) return null;
            return "version-compatible plan built with TensorRT " + built + " needs TensorRT " + b[0] + ".x at " + built
                    + " or later, this is " + here;
        }
        return "built with TensorRT " + built + ", this is TensorRT " + here + "; plans load only in the release that built "
                + "them unless built version-compatible (trt4j build --version-compatible): rebuild it here";
    }

    /**
     * A plan runs on the compute capability that built it; an Ampere-plus one on any GPU of compute capability 8.0
     * and up.
     */
    public static String gpuProblem(String builtCc, String builtGpu, String hereCc, String hereGpu, boolean amperePlus) {
        if (builtCc == null || hereCc == null) return null;
        if (amperePlus) {
            int[] cc = release(hereCc + ".0");
            if (cc != null && cc[0] >= 8) return null;
            return "Ampere-plus plan needs compute capability 8.0 or higher, this GPU (" + hereGpu + ") has " + hereCc;
        }
        if (builtCc.equals(hereCc)) return null;
        return "built for compute capability " + builtCc + " (" + builtGpu + "), this GPU (" + hereGpu + ") has " + hereCc
                + "; rebuild it here or build it with --hardware-compatibility ampere+";
    }

    private static int[] release(String version) {
        String[] parts = version.split("\\.");
        if (parts.length < 3) return null;
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
        return 0;
    }
}
