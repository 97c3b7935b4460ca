package org.trt4j.weights.wts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightTensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class WtsTest {
    @TempDir Path dir;

    private Path write(String text) throws IOException {
        Path p = dir.resolve("w.wts");
        Files.writeString(p, text, StandardCharsets.US_ASCII);
        return p;
    }

    private UserError failure(String text) throws IOException {
        Path p = write(text);
        return assertThrows(UserError.class, () -> WtsReader.read(p));
    }

    private static void assertAt(UserError e, int line, String fragment) {
        String m = e.getMessage();
        assertTrue(m.contains("w.wts:" + line + ":"), "line " + line + " expected in: " + m);
        assertTrue(m.contains(fragment), "'" + fragment + "' expected in: " + m);
    }

    @Test void readsTabsCrlfAndUpperCase() throws IOException {
        WeightMap m = WtsReader.read(write("2\r\nconv.weight 3\t3F800000  bf800000 00000000\r\n\r\nconv.bias 1 40000000"));
        assertEquals(2, m.size());
        assertArrayEquals(new float[]{1f, -1f, 0f}, m.get("conv.weight").toArray());
        assertArrayEquals(new float[]{2f}, m.get("conv.bias").toArray());
        assertTrue(m.get("conv.bias").floats().isDirect());
        assertTrue(m.get("conv.bias").shape().isEmpty());
    }

    @Test void valuesAcrossReadBlocks() throws IOException {
        // a tensor larger than the read block exercises the refill path at every alignment
        int n = 1_000_003;
        float[] v = new float[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) v[i] = Float.intBitsToFloat(r.nextInt());
        WeightMap m = WeightMap.builder("mem").put("a", new float[]{1}).put("big", v).put("c", new float[0]).build();
        Path p = dir.resolve("big.wts");
        WtsWriter.write(m, p);
        WeightMap back = WtsReader.read(p);
        float[] got = back.get("big").toArray();
        for (int i = 0; i < n; i++) assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(got[i]), "index " + i);
        assertEquals(0, back.get("c").count());
    }

    @Test void roundTripsSpecialValuesBitExactly() throws IOException {
        float[] special = {-0.0f, 0.0f, Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffa12345),
                Float.intBitsToFloat(0x7f800001), Float.MIN_VALUE, Float.intBitsToFloat(0x807fffff),
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, 1e-40f};
        WeightMap m = WeightMap.builder("mem").put("s", special).build();
        Path p = dir.resolve("s.wts");
        WtsWriter.write(m, p);
        assertEquals("1\ns 11 80000000 00000000 7fc00001 ffa12345 7f800001 00000001 807fffff 7f800000 ff800000 7f7fffff 000116c2\n",
                Files.readString(p));
        float[] back = WtsReader.read(p).get("s").toArray();
        for (int i = 0; i < special.length; i++)
            assertEquals(Float.floatToRawIntBits(special[i]), Float.floatToRawIntBits(back[i]), "value " + i);
    }

    @Test void emptyFile() throws IOException {
        assertAt(failure(""), 1, "empty file");
        assertAt(failure(" \n\n"), 3, "empty file");
    }

    @Test void badHeader() throws IOException {
        assertAt(failure("two\na 1 00000000\n"), 1, "bad header");
        assertAt(failure("1 2\na 1 00000000\n"), 1, "bad header");
    }

    @Test void badCount() throws IOException {
        assertAt(failure("2\na 1 00000000\nb x1 00000000\n"), 3, "bad count");
        assertAt(failure("1\na\n"), 2, "bad count");
    }

    @Test void nonHexToken() throws IOException {
        UserError e = failure("2\na 1 00000000\nb 2 3f800000 3f80g000\n");
        assertAt(e, 3, "non-hex token '3f80g000'");
        assertAt(failure("1\nb 1 3f8000001\n"), 2, "non-hex token");
    }

    @Test void lastTokenCutShortIsAnErrorNotAWrongValue() throws IOException {
        // the issue-17 case: a file cut off in its last token read "404" as 0x404 and convert wrote it out
        UserError e = failure("1\na 2 3f800000 404");
        assertAt(e, 2, "truncated file: the last token '404' (value 1 of tensor 'a') has 3 hex digits, not 8");
        assertAt(failure("1\na 1 0\n"), 2, "short token '0'");
        assertAt(failure("2\na 2 3f800000 4040\nb 1 00000000\n"), 2, "short token '4040'");
    }

    @Test void binaryGarbageIsQuotedShortAndPrintable() throws IOException {
        Path p = dir.resolve("w.wts");
        byte[] junk = new byte[5000];
        new Random(5).nextBytes(junk);
        for (int i = 0; i < junk.length; i++) if (junk[i] == ' ' || junk[i] == '\n' || junk[i] == '\r' || junk[i] == '\t') junk[i] = 1;
        byte[] text = ("1\na 1 ").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[text.length + junk.length];
        System.arraycopy(text, 0, all, 0, text.length);
        System.arraycopy(junk, 0, all, text.length, junk.length);
        Files.write(p, all);
        UserError e = assertThrows(UserError.class, () -> WtsReader.read(p));
        assertAt(e, 2, "non-hex token '");
        assertTrue(e.getMessage().length() < 300, e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), e.getMessage());
    }

    @Test void fewerValuesThanDeclared() throws IOException {
        assertAt(failure("2\na 3 00000000 00000000\nb 1 00000000\n"), 2, "declares 3 values but the line holds 2");
    }

    @Test void moreValuesThanDeclared() throws IOException {
        assertAt(failure("2\na 1 00000000 3f800000 3f800000\nb 1 00000000\n"), 2, "declares 1 values but the line holds 3");
    }

    @Test void duplicateName() throws IOException {
        assertAt(failure("2\na 1 00000000\na 1 00000000\n"), 3, "duplicate tensor name 'a'");
    }

    @Test void truncatedFile() throws IOException {
        assertAt(failure("3\na 1 00000000\nb 1 00000000\n"), 4, "truncated file: the header declares 3 tensors, the file ends after 2");
        assertAt(failure("1\na 4 00000000 3f800000 3f80"), 2, "truncated file");
        assertAt(failure("1\na 1000 00000000 3f800000\n"), 2, "truncated file");
    }

    @Test void moreTensorsThanHeader() throws IOException {
        assertAt(failure("1\na 1 00000000\nb 1 00000000\n"), 3, "more tensors than the 1");
    }

    @Test void readsWhatTensorrtxGenWtsWrites() throws IOException {
        // tensorrtx's gen_wts.py writes "name count " and then " value" for each: two spaces after the count
        WeightMap m = WtsReader.read(write("1\nfc.weight 2  3f800000 c0000000\n"));
        WeightTensor t = m.require("fc.weight", 2);
        assertArrayEquals(new float[]{1f, -2f}, t.toArray());
    }

    @Test void swarHexCheckAndDecodeAgreeWithTheJdk() {
        Random r = new Random(3);
        byte[] digits = "0123456789abcdefABCDEF".getBytes(StandardCharsets.US_ASCII);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] s = new byte[8];
            for (int i = 0; i < 8; i++) s[i] = digits[r.nextInt(digits.length)];
            int bad = trial % 2 == 0 ? r.nextInt(8) : -1;
            if (bad >= 0) s[bad] = (byte) r.nextInt(256);
            String text = new String(s, StandardCharsets.ISO_8859_1);
            boolean valid = text.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
            long x = java.nio.ByteBuffer.wrap(s).getLong();
            assertEquals(valid, WtsReader.allHexDigits(x), text);
            if (valid) assertEquals(Integer.parseUnsignedInt(text, 16), WtsReader.hexValue(x), text);
        }
        // every byte value at every position
        for (int pos = 0; pos < 8; pos++)
            for (int v = 0; v < 256; v++) {
                byte[] s = "3F80a0b9".getBytes(StandardCharsets.US_ASCII);
                s[pos] = (byte) v;
                boolean valid = Character.digit((char) v, 16) >= 0 && v < 128;
                assertEquals(valid, WtsReader.allHexDigits(java.nio.ByteBuffer.wrap(s).getLong()), "byte " + v + " at " + pos);
            }
    }
}
