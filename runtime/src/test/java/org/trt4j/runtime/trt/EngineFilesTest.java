package org.trt4j.runtime.trt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.DType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Plan + sidecar files without TensorRT: the JSON round trip, the SHA-256, and errors on bad files. */
class EngineFilesTest {
    @TempDir Path dir;

    static EngineInfo sample() {
        BuildOptions options = BuildOptions.defaults().withPrecision(Precision.FP16).withWorkspaceBytes(1L << 30)
                .withProfile("images", ShapeRange.parse("1x3x64x64:1x3x256x256:1x3x512x512"))
                .withValueProfile("size", ShapeRange.parse("64x64:256x256:512x512"));
        List<EngineTensor> inputs = List.of(
                new EngineTensor("images", DType.FLOAT, new int[] {1, 3, -1, -1}, true, false, options.shapeProfiles().get("images"), null),
                new EngineTensor("size", DType.INT32, new int[] {2}, true, true, null, options.valueProfiles().get("size")));
        List<EngineTensor> outputs = List.of(new EngineTensor("out", DType.HALF, new int[] {1, 1, -1, -1}, false, false, null, null));
        PluginLibrary lib = new PluginLibrary("libtrt4j_plugins.so", "/x/libtrt4j_plugins.so",
                List.of(new PluginLibrary.Creator("Trt4jGridSample", "1", "trt4j")));
        return new EngineInfo(EngineInfo.FORMAT_VERSION, "srcnn", Map.of("scale", "3"), "FP16", options.describe(), inputs, outputs,
                "10.6.0.26", "NVIDIA H100 80GB HBM3", "9.0", List.of(lib), "srcnn.wts", "ab12", "2026-11-23T11:00:00Z", 12.5);
    }

    @Test void sidecarRoundTrips() throws Exception {
        Path engine = dir.resolve("sub/srcnn.engine");
        byte[] plan = "not really a plan".getBytes(StandardCharsets.US_ASCII);
        EngineInfo info = sample();
        EngineFiles.write(engine, plan, info);
        assertArrayEquals(plan, EngineFiles.readPlan(engine));
        assertEquals(dir.resolve("sub/srcnn.engine.json"), EngineFiles.sidecarOf(engine));
        EngineInfo back = EngineFiles.readSidecar(engine);
        assertEquals(info.network(), back.network());
        assertEquals(info.networkOptions(), back.networkOptions());
        assertEquals(info.buildOptions(), back.buildOptions());
        assertEquals("1x3x64x64:1x3x256x256:1x3x512x512", back.buildOptions().get("profile.images"));
        assertEquals(info.tensorrtVersion(), back.tensorrtVersion());
        assertEquals(info.pluginLibraries(), back.pluginLibraries());
        assertEquals(2, back.inputs().size());
        EngineTensor images = back.inputs().get(0);
        assertArrayEquals(new int[] {1, 3, -1, -1}, images.shape());
        assertEquals(ShapeRange.parse("1x3x64x64:1x3x256x256:1x3x512x512"), images.profile());
        assertTrue(back.inputs().get(1).shapeTensor());
        assertEquals(ShapeRange.parse("64x64:256x256:512x512"), back.inputs().get(1).valueProfile());
        assertEquals(DType.HALF, back.outputs().get(0).dtype());
        assertEquals(12.5, back.buildSeconds());
        String json = Files.readString(EngineFiles.sidecarOf(engine));
        assertFalse(json.contains("\"dynamic\""), "derived getters stay out of the sidecar");
    }

    @Test void mutatedSidecarsReadOrFailAsUserErrors() throws Exception {
        // the sidecar's part of the reader fuzz test (ReaderFuzzTest in weights-tools): truncation, bit flips, big numbers
        Path engine = dir.resolve("fuzz.engine");
        EngineFiles.write(engine, new byte[]{1}, sample());
        byte[] original = Files.readAllBytes(EngineFiles.sidecarOf(engine));
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 200; i++) {
            byte[] m = original.clone();
            switch (i % 3) {
                case 0 -> m = java.util.Arrays.copyOf(original, random.nextInt(original.length));
                case 1 -> m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
                default -> {
                    int at = random.nextInt(m.length);
                    if (Character.isDigit(m[at])) for (int k = at; k < m.length && Character.isDigit(m[k]); k++) m[k] = '9';
                    else m[at] = '9';
                }
            }
            Files.write(EngineFiles.sidecarOf(engine), m);
            try {
                EngineFiles.readSidecar(engine);
            } catch (UserError expected) {
                assertTrue(expected.getMessage().length() < 400, expected.getMessage());
            } catch (Throwable t) {
                fail("case " + i + ": " + t.getClass().getName() + " instead of a UserError: " + t.getMessage(), t);
            }
        }
    }

    @Test void missingSidecarIsNullAndBadSidecarNamesTheFile() throws Exception {
        Path engine = dir.resolve("e.engine");
        Files.write(engine, new byte[] {1, 2, 3});
        assertNull(EngineFiles.readSidecar(engine));
        Files.writeString(EngineFiles.sidecarOf(engine), "{ not json");
        UserError e = assertThrows(UserError.class, () -> EngineFiles.readSidecar(engine));
        assertTrue(e.getMessage().contains("e.engine.json"), e.getMessage());
        assertTrue(assertThrows(UserError.class, () -> EngineFiles.readPlan(dir.resolve("none.engine"))).getMessage().contains("not found"));
    }

    @Test void sha256OfAKnownString() throws Exception {
        Path f = Files.writeString(dir.resolve("abc.txt"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", EngineFiles.sha256(f));
    }

    @Test void buildOptionsValidateAndDescribe() {
        assertThrows(UserError.class, () -> BuildOptions.defaults().withOptimizationLevel(6));
        assertThrows(UserError.class, () -> BuildOptions.defaults().withWorkspaceBytes(-1));
        Map<String, String> d = BuildOptions.defaults().withPrecision(Precision.TF32).withOptimizationLevel(5).describe();
        assertEquals("TF32", d.get("precision"));
        assertEquals("5", d.get("optimizationLevel"));
        assertEquals("default", d.get("workspace"));
    }
}
