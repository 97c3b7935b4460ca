package org.trt4j.runtime.trt;

import org.trt4j.error.UserError;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a plan may run besides the machine that built it.
 *
 * @param versionCompatible   later TensorRT 10.x releases load the plan too (TensorRT's kVERSION_COMPATIBLE): it embeds
 *                            the lean runtime (loading must allow the plan's host code), unless excluded
 * @param leanRuntimeExcluded the version-compatible plan leaves the lean runtime out (kEXCLUDE_LEAN_RUNTIME): smaller,
 *                            and buildable without libnvinfer_lean (which the bytedeco preset lacks); whoever loads it
 *                            names the lean runtime of the TensorRT release that runs it ({@link TensorRt#leanRuntimeToLoad})
 * @param amperePlus        the plan runs on every GPU of compute capability 8.0 and up, not only on the builder's
 *                          (TensorRT's hardware-compatibility level kAMPERE_PLUS)
 */
public record Compatibility(boolean versionCompatible, boolean leanRuntimeExcluded, boolean amperePlus) {

    public static final Compatibility NONE = new Compatibility(false, false);

    public Compatibility {
        if (leanRuntimeExcluded && !versionCompatible) throw new UserError("--exclude-lean-runtime needs --version-compatible");
    }

    /** Lean runtime embedded when version-compatible. */
    public Compatibility(boolean versionCompatible, boolean amperePlus) { this(versionCompatible, false, amperePlus); }

    static final String VERSION_KEY = "versionCompatible";
    static final String HARDWARE_KEY = "hardwareCompatibility";
    static final String AMPERE_PLUS = "ampere+";
    static final String EXCLUDED = "true (lean runtime excluded)";

    /** The sidecar entries (none for a plan tied to its builder's GPU and TensorRT release). */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        if (versionCompatible) m.put(VERSION_KEY, leanRuntimeExcluded ? EXCLUDED : "true (lean runtime embedded)");
        if (amperePlus) m.put(HARDWARE_KEY, AMPERE_PLUS);
        return m;
    }

    /** What a sidecar's build options say (see {@link #describe()}). */
    public static Compatibility of(Map<String, String> buildOptions) {
        String version = buildOptions.getOrDefault(VERSION_KEY, "false");
        return new Compatibility(version.startsWith("true"), EXCLUDED.equals(version), AMPERE_PLUS.equals(buildOptions.get(HARDWARE_KEY)));
    }
}
