package org.trt4j.weights.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.weights.WeightFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ConverterErrorsTest {
    @TempDir Path dir;

    private static void assertMessage(UserError e, String... fragments) {
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' expected in: " + e.getMessage());
    }

    private Path safetensors(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = dir.resolve("t.safetensors");
        Files.write(p, b.array());
        return p;
    }

    @Test void pthThatIsNotAZip() throws IOException {
        Path p = dir.resolve("model.pth");
        Files.writeString(p, "hello");
        assertMessage(assertThrows(UserError.class, () -> WeightFiles.load(p)), "model.pth", "not a torch.save zip archive");
    }

    @Test void safetensorsOffsetsThatDoNotFitTheShape() throws IOException {
        Path p = safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", 12);
        assertMessage(assertThrows(UserError.class, () -> WeightFiles.load(p)), "t.safetensors", "'w'", "[0, 12]", "[2, 2]");
    }

    @Test void safetensorsUnsupportedDtype() throws IOException {
        Path p = safetensors("{\"w\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8);
        assertMessage(assertThrows(UserError.class, () -> WeightFiles.load(p)), "'w'", "C64");
    }

    @Test void safetensorsBadHeaderLength() throws IOException {
        Path p = dir.resolve("x.safetensors");
        Files.write(p, new byte[]{(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        assertMessage(assertThrows(UserError.class, () -> WeightFiles.load(p)), "not a safetensors file");
    }

    @Test void safetensorsConvertsHalfAndBfloat16() throws IOException {
        // F16 1.0 = 0x3c00, BF16 -2.0 = 0xc000; data order: b (offset 0) before a (offset 2)
        Path p = safetensors("{\"a\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[2,4]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 0);
        byte[] all = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.allocate(all.length + 4).order(ByteOrder.LITTLE_ENDIAN).put(all);
        b.putShort((short) 0x3c00).putShort((short) 0xc000);
        Files.write(p, b.array());
        var m = WeightFiles.load(p);
        assertEquals(java.util.List.of("b", "a"), m.names());
        assertEquals(1f, m.get("b").get(0));
        assertEquals(-2f, m.get("a").get(0));
    }

    @Test void cfgOnlyForDarknet() throws IOException {
        Path w = dir.resolve("a.wts");
        Files.writeString(w, "0\n");
        assertMessage(assertThrows(UserError.class, () -> WeightFiles.load(w, w, ConvertOptions.DEFAULTS)), "Darknet");
        Path d = dir.resolve("y.weights");
        Files.write(d, new byte[20]);
        assertMessage(assertThrows(UserError.class, () -> WeightFiles.load(d)), "needs its cfg");
    }
}
