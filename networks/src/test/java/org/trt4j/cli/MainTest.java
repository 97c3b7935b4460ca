package org.trt4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 17: every bad input ends in one line "trt4j: error: ..." and exit code 2, no stack trace unless --verbose. */
class MainTest {
    private static final Path FIXTURES = Path.of("../weights-tools/src/test/resources/fixtures");

    @TempDir Path dir;

    private record Result(int code, String err) {}

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(err, true));
        return new Result(code, err.toString());
    }

    /** Exit 2, one error line holding the fragment, no stack trace. */
    private static void assertOneLineError(Result r, String fragment) {
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("trt4j: error: "), r.err());
        assertTrue(last.contains(fragment), "'" + fragment + "' expected in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
        assertTrue(last.length() < 600, "short: " + last);
    }

    private Path smallPng() throws IOException {
        BufferedImage small = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 5; y++) for (int x = 0; x < 7; x++) small.setRGB(x, y, (x * 30) << 16 | (y * 40) << 8 | 90);
        Path in = dir.resolve("small.png");
        ImageIO.write(small, "png", in.toFile());
        return in;
    }

    @Test void wtsWithItsLastTokenCutShortIsAnErrorAndConvertWritesNothing() throws IOException {
        Path wts = Files.writeString(dir.resolve("cut.wts"), "1\nfc.weight 2 3f800000 404");
        assertOneLineError(run("weights", "info", wts.toString()), "cut.wts:2: truncated file: the last token '404'");
        Path pth = Files.copy(FIXTURES.resolve("plain.pth"), dir.resolve("plain.pth"));
        Path cutPth = dir.resolve("cut.pth");
        byte[] bytes = Files.readAllBytes(pth);
        Files.write(cutPth, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path out = dir.resolve("out.wts");
        assertOneLineError(run("weights", "convert", cutPth.toString(), out.toString()), "cut.pth: ");
        assertFalse(Files.exists(out), "no output from a failed convert");
    }

    @Test void hugeImageIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
        Path huge = dir.resolve("huge.png");
        Files.write(huge, pngHeaderOnly(100_000, 100_000));
        Path out = dir.resolve("out.png");
        Result r = run("upscale", "--backend", "cpu", "--input", huge.toString(), "--output", out.toString());
        assertOneLineError(r, "huge.png: 100000x100000 is 10000.0 megapixels, over the limit of 100.0 (--max-pixels 10000000000 would allow it)");
        assertFalse(Files.exists(out));
        // the option lowers (or raises) the budget
        assertOneLineError(run("upscale", "--backend", "cpu", "--max-pixels", "20", "--input", smallPng().toString(),
                "--output", out.toString()), "7x5 is 0.0 megapixels, over the limit of 0.0 (--max-pixels 35 would allow it)");
    }

    @Test void runEngineSaysFileNotFoundBeforeAnyNativeLoad() {
        Path missing = dir.resolve("missing.engine");
        assertOneLineError(run("run", "--engine", missing.toString()), "missing.engine: engine file not found");
    }

    @Test void runEngineWithoutCudaIsOneLineNamingWhatIsMissing() throws IOException {
        // on a machine with TensorRT and a GPU this junk plan fails in TensorRT instead: one line all the same
        Path junk = Files.write(dir.resolve("junk.engine"), new byte[]{1, 2, 3, 4});
        Result r = run("run", "--engine", junk.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("trt4j: error: "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertTrue(r.err().contains("TensorRT not available: cannot load the TensorRT 10 / CUDA 12 libraries")
                || r.err().contains("TensorRT not available: no") || r.err().contains("junk.engine"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test void outputThatIsADirectoryOrCannotBeWrittenIsOneLine() throws IOException {
        Path pth = FIXTURES.resolve("plain.pth");
        Path asDir = Files.createDirectory(dir.resolve("out.wts"));
        assertOneLineError(run("weights", "convert", pth.toString(), asDir.toString()), "out.wts: is a directory");
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertOneLineError(run("weights", "convert", pth.toString(), file.resolve("sub/out.wts").toString()), "cannot create its directory");
        Path pngDir = Files.createDirectory(dir.resolve("out.png"));
        assertOneLineError(run("upscale", "--backend", "cpu", "--input", smallPng().toString(), "--output", pngDir.toString()),
                "out.png: is a directory");
    }

    @Test void outputFormatFollowsTheExtension() throws IOException {
        Path in = smallPng();
        Path jpg = dir.resolve("x.jpg");
        assertEquals(0, run("upscale", "--backend", "cpu", "--input", in.toString(), "--output", jpg.toString()).code());
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(jpg), 3);
        assertArrayEquals(new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff}, head, "JPEG bytes under a .jpg name");
        assertEquals(21, ImageIO.read(jpg.toFile()).getWidth());
        Path png = dir.resolve("x.PNG");
        assertEquals(0, run("upscale", "--backend", "cpu", "--input", in.toString(), "--output", png.toString()).code());
        assertEquals((byte) 0x89, Files.readAllBytes(png)[0], "PNG signature");
        Path gif = dir.resolve("x.gif");
        assertOneLineError(run("upscale", "--backend", "cpu", "--input", in.toString(), "--output", gif.toString()),
                "x.gif: unknown image extension; write .png, .jpg or .jpeg");
        assertFalse(Files.exists(gif));
    }

    @Test void binaryGarbageIsNotDumpedIntoTheMessage() throws IOException {
        byte[] junk = new byte[20_000];
        new Random(9).nextBytes(junk);
        Path wts = Files.write(dir.resolve("junk.wts"), junk);
        Result r = run("weights", "info", wts.toString());
        assertOneLineError(r, "junk.wts:");
        assertTrue(r.err().chars().allMatch(c -> c == '\n' || c >= 0x20 && c < 0x7f), r.err());
        Path npz = Files.write(dir.resolve("junk.npz"), junk);
        assertOneLineError(run("weights", "info", npz.toString()), "junk.npz");
    }

    @Test void verbosePrintsTheStackTraceToo() throws IOException {
        Path wts = Files.writeString(dir.resolve("cut.wts"), "1\nfc.weight 2 3f800000 404");
        Result quiet = run("weights", "info", wts.toString());
        assertFalse(quiet.err().contains("\tat "));
        Result verbose = run("--verbose", "weights", "info", wts.toString());
        assertEquals(2, verbose.code());
        assertTrue(verbose.err().contains("\tat org.trt4j.weights.wts.WtsReader"), verbose.err());
        assertTrue(verbose.err().strip().endsWith("the last token '404' (value 1 of tensor 'fc.weight') has 3 hex digits, not 8"), verbose.err());
    }

    /** A PNG signature and IHDR chunk claiming width x height, then IEND: no pixel data at all. */
    static byte[] pngHeaderOnly(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[]{8, 2, 0, 0, 0}); // 8-bit RGB, deflate, no filter, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
