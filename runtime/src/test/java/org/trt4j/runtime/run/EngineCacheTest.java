package org.trt4j.runtime.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.EngineInfo;
import org.trt4j.runtime.trt.EnginePlan;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache's build-once / load-after logic without a GPU: the TensorRT steps are replaced by functions on a fake
 * plan ("PLAN:n:END", which the loader checks as TensorRT checks a plan), and the test counts the builds.
 */
class EngineCacheTest {
    @TempDir Path dir;

    private final AtomicInteger builds = new AtomicInteger();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private EnginePlan buildPlan() {
        int n = builds.incrementAndGet();
        EngineInfo info = new EngineInfo(EngineInfo.FORMAT_VERSION, "yolov3", Map.of("input", "608"), "FP16", Map.of("precision", "FP16"),
                List.of(), List.of(), "10.6.0.26", "NVIDIA H100", "9.0", List.of(), null, "ab12", "2026-12-06T00:00:00Z", 1.0);
        return new EnginePlan(("PLAN:" + n + ":END").getBytes(StandardCharsets.US_ASCII), info);
    }

    /** What the fake engine is: which build made it, and whether it came from the file. */
    record Fake(String plan, boolean fromFile) {}

    private static Fake load(Path file) {
        String text = new String(EngineFiles.readPlan(file), StandardCharsets.US_ASCII);
        if (!text.startsWith("PLAN:") || !text.endsWith(":END")) throw new IllegalStateException(file + " is not a valid plan");
        return new Fake(text, true);
    }

    private Fake open(EngineCache cache) {
        return cache.open(EngineCacheKeyTest.base(), this::buildPlan, EngineCacheTest::load,
                plan -> new Fake(new String(plan.bytes(), StandardCharsets.US_ASCII), false), log);
    }

    private String logText() { return logBytes.toString(StandardCharsets.UTF_8); }

    @Test void theFirstOpenBuildsAndStoresTheSecondLoadsTheFile() throws Exception {
        EngineCache cache = new EngineCache(dir.resolve("engines"));
        Path file = cache.pathOf(EngineCacheKeyTest.base());

        Fake first = open(cache);
        assertEquals(1, builds.get());
        assertEquals(new Fake("PLAN:1:END", false), first);
        assertTrue(logText().contains("trt4j: building the FP16 yolov3 TensorRT engine once (cached at " + file + ")"), logText());
        assertTrue(Files.isRegularFile(file) && Files.isRegularFile(EngineFiles.sidecarOf(file)));
        assertEquals("ab12", EngineFiles.readSidecar(file).weightsSha256());
        try (var files = Files.list(file.getParent())) {
            assertEquals(2, files.count(), "the plan and its sidecar, no temporary files left");
        }

        logBytes.reset();
        Fake second = open(cache);
        assertEquals(1, builds.get(), "the second open builds nothing");
        assertEquals(new Fake("PLAN:1:END", true), second);
        assertTrue(logText().contains("trt4j: loaded cached engine " + file), logText());
        assertFalse(logText().contains("building"), logText());
    }

    @Test void aTruncatedCachedFileIsBuiltAgainNotACrash() throws Exception {
        EngineCache cache = new EngineCache(dir);
        open(cache);
        Path file = cache.pathOf(EngineCacheKeyTest.base());
        Files.write(file, "PLAN:1:E".getBytes(StandardCharsets.US_ASCII));

        logBytes.reset();
        Fake rebuilt = open(cache);
        assertEquals(2, builds.get());
        assertEquals(new Fake("PLAN:2:END", false), rebuilt);
        assertTrue(logText().contains("does not load") && logText().contains("building it again"), logText());

        assertEquals(new Fake("PLAN:2:END", true), open(cache), "the rebuilt file replaced the truncated one");
        assertEquals(2, builds.get());
    }

    @Test void anEmptyOrGarbageFileIsBuiltAgain() throws Exception {
        EngineCache cache = new EngineCache(dir);
        open(cache);
        Path file = cache.pathOf(EngineCacheKeyTest.base());
        Files.write(file, new byte[0]);
        assertEquals(new Fake("PLAN:2:END", false), open(cache));
        Files.write(file, "garbage".getBytes(StandardCharsets.US_ASCII));
        assertEquals(new Fake("PLAN:3:END", false), open(cache));
    }

    @Test void aPlanWithoutItsSidecarIsNotTrusted() throws Exception {
        EngineCache cache = new EngineCache(dir);
        open(cache);
        Files.delete(EngineFiles.sidecarOf(cache.pathOf(EngineCacheKeyTest.base())));
        assertEquals(new Fake("PLAN:2:END", false), open(cache));
        assertEquals(2, builds.get());
    }

    @Test void anotherKeyIsAnotherFile() {
        EngineCache cache = new EngineCache(dir);
        open(cache);
        EngineCacheKey other = EngineCacheKeyTest.key("yolov3", Map.of("input", "416"), "ab12", EngineCacheKeyTest.FP16_PROFILE,
                "NVIDIA H100", "10.6.0.26");
        Fake built = cache.open(other, this::buildPlan, EngineCacheTest::load, plan -> new Fake("new", false), log);
        assertEquals(new Fake("new", false), built);
        assertEquals(2, builds.get());
        assertTrue(Files.isRegularFile(cache.pathOf(EngineCacheKeyTest.base())), "the first engine stays cached");
    }

    @Test void theRootIsTheSystemPropertyFirst() {
        String before = System.getProperty("trt4j.cache");
        try {
            System.setProperty("trt4j.cache", dir.toString());
            assertEquals(dir.resolve("engines"), EngineCache.atDefaultRoot().directory());
        } finally {
            if (before == null) System.clearProperty("trt4j.cache");
            else System.setProperty("trt4j.cache", before);
        }
    }
}
