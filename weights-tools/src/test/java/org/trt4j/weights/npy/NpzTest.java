package org.trt4j.weights.npy;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.weights.Half;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class NpzTest {
    @Test void readsNumpyWrittenArchiveOfEachDtype() throws Exception {
        Map<String, NpyArray> a = Npz.read(Path.of("src/test/resources/npy/sample.npz"));
        assertArrayEquals(new int[]{2, 3}, a.get("f32").shape());
        assertArrayEquals(new float[]{-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f}, a.get("f32").floats());
        float[] h = a.get("f16").floats();
        assertEquals(1.5f, h[0]);
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(h[1]));
        assertEquals(65504f, h[2]);
        assertEquals(Half.toFloat((short) 1), h[3]); // 6e-8 rounds to the smallest subnormal
        assertArrayEquals(new int[]{-3, 7}, a.get("i64").ints());
        assertArrayEquals(new int[]{1, 0}, a.get("b").ints());
    }

    @Test void rejectsFileThatIsNotNpy(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bad = dir.resolve("x.npy");
        Files.writeString(bad, "hello world, not numpy");
        UserError e = assertThrows(UserError.class, () -> Npz.readNpy(bad));
        assertTrue(e.getMessage().contains("x.npy"), e.getMessage());
    }

    @Test void longEntryNamesAreKeptWhole(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] npy;
        try (var zip = new java.util.zip.ZipInputStream(Files.newInputStream(Path.of("src/test/resources/npy/sample.npz")))) {
            zip.getNextEntry();
            npy = zip.readAllBytes();
        }
        String name = "module_list.0.BatchNorm2d.running_mean.with.a.long.tail";
        Path npz = dir.resolve("long.npz");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(npz))) {
            zip.putNextEntry(new java.util.zip.ZipEntry(name + ".npy"));
            zip.write(npy);
            zip.closeEntry();
        }
        assertEquals(java.util.Set.of(name), Npz.read(npz).keySet());
    }

    @Test void halfRoundTripsEveryBitPattern() {
        for (int i = 0; i < 0x10000; i++) {
            short s = (short) i;
            float f = Half.toFloat(s);
            if (Float.isNaN(f)) continue;
            assertEquals(s, Half.fromFloat(f), "pattern " + Integer.toHexString(i));
        }
    }
}
