package org.trt4j.runtime.run;

import org.junit.jupiter.api.Test;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.ShapeRange;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each component of the engine cache key changes the cached file; equal components give the same file. */
class EngineCacheKeyTest {
    static final BuildOptions FP16_PROFILE = BuildOptions.defaults().withPrecision(Precision.FP16)
            .withProfile("input", ShapeRange.parse("1x3x64x64:1x3x256x256:1x3x512x512"));

    static EngineCacheKey key(String network, Map<String, String> options, String sha, BuildOptions build, String gpu, String trt) {
        return new EngineCacheKey(network, options, sha, EngineCacheKey.buildPart(build), gpu, trt);
    }

    static EngineCacheKey base() { return key("yolov3", Map.of("input", "608", "heads", "detections"), "ab12", FP16_PROFILE, "NVIDIA H100", "10.6.0.26"); }

    @Test void sameComponentsGiveTheSameFileWhateverTheMapOrder() {
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("heads", "detections");
        reordered.put("input", "608");
        EngineCacheKey again = key("yolov3", reordered, "ab12", FP16_PROFILE, "NVIDIA H100", "10.6.0.26");
        assertEquals(base().fileName(), again.fileName());
        assertEquals(base(), again);
    }

    @Test void everyComponentChangesTheFile() {
        List<EngineCacheKey> changed = List.of(
                key("srcnn", base().networkOptions(), "ab12", FP16_PROFILE, "NVIDIA H100", "10.6.0.26"),
                key("yolov3", Map.of("input", "416", "heads", "detections"), "ab12", FP16_PROFILE, "NVIDIA H100", "10.6.0.26"),
                key("yolov3", base().networkOptions(), "cd34", FP16_PROFILE, "NVIDIA H100", "10.6.0.26"),
                key("yolov3", base().networkOptions(), "ab12", FP16_PROFILE.withPrecision(Precision.TF32), "NVIDIA H100", "10.6.0.26"),
                key("yolov3", base().networkOptions(), "ab12",
                        FP16_PROFILE.withProfile("input", ShapeRange.parse("1x3x64x64:1x3x256x256:1x3x1024x1024")), "NVIDIA H100", "10.6.0.26"),
                key("yolov3", base().networkOptions(), "ab12", FP16_PROFILE.withWorkspaceBytes(1 << 30), "NVIDIA H100", "10.6.0.26"),
                key("yolov3", base().networkOptions(), "ab12", FP16_PROFILE, "NVIDIA H200", "10.6.0.26"),
                key("yolov3", base().networkOptions(), "ab12", FP16_PROFILE, "NVIDIA H100", "10.7.0.23"));
        for (EngineCacheKey k : changed) assertNotEquals(base().fileName(), k.fileName(), k.toString());
        assertEquals(changed.size(), changed.stream().map(EngineCacheKey::fileName).distinct().count());
    }

    @Test void anInt8KeyNamesItsScalesAndQdqPlacement() {
        var scales = new org.trt4j.runtime.quant.ActivationScales("yolov3", "entropy", "k", 8, Map.of("input", 1f), Map.of());
        Map<String, String> part = EngineCacheKey.buildPart(FP16_PROFILE.withInt8(scales));
        assertEquals(scales.digest(), part.get("int8.scales"));
        assertEquals(org.trt4j.runtime.quant.Int8Placement.RULES, part.get("int8.placement"), "another placement must rebuild");
    }

    @Test void theTimingCacheFileOnlySpeedsTheBuildAndLeavesTheKey() {
        EngineCacheKey withCache = key("yolov3", base().networkOptions(), "ab12", FP16_PROFILE.withTimingCache(Path.of("/tmp/t.cache")),
                "NVIDIA H100", "10.6.0.26");
        assertEquals(base().fileName(), withCache.fileName());
    }

    @Test void theFileNameShowsNetworkAndPrecision() {
        String name = base().fileName();
        assertTrue(name.matches("yolov3-fp16-[0-9a-f]{16}\\.engine"), name);
    }
}
