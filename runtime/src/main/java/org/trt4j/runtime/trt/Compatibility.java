package org.trt4j.runtime.trt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a plan may run besides the machine that built it.
 *
 * @param versionCompatible the plan embeds TensorRT's lean runtime, so later TensorRT 10.x releases load it too
 *                          (TensorRT's kVERSION_COMPATIBLE; loading must allow the plan's host code). The bytedeco
 *                          preset ships no libnvinfer_lean, so plans that exclude the lean runtime are not offered.
 * @param amperePlus        the plan runs on every GPU of compute capability 8.0 and up, not only on the builder's
 *                          (TensorRT's hardware-compatibility level kAMPERE_PLUS)
 */
public record Compatibility(boolean versionCompatible, boolean amperePlus) {

    public static final Compatibility NONE = new Compatibility(false, false);

    static final String VERSION_KEY = "versionCompatible";
    static final String HARDWARE_KEY = "hardwareCompatibility";
    static final String AMPERE_PLUS = "ampere+";

    /** The sidecar entries (none for a plan tied to its builder's GPU and TensorRT release). */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        if (versionCompatible) m.put(VERSION_KEY, "true (lean runtime embedded)");
        if (amperePlus) m.put(HARDWARE_KEY, AMPERE_PLUS);
        return m;
    }

    /** What a sidecar's build options say (see {@link #describe()}). */
    public static Compatibility of(Map<String, String> buildOptions) {
        return new Compatibility(buildOptions.getOrDefault(VERSION_KEY, "false").startsWith("true"),
                AMPERE_PLUS.equals(buildOptions.get(HARDWARE_KEY)));
    }
}
