package org.trt4j.weights;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.weights.convert.ConvertOptions;
import org.trt4j.weights.darknet.DarknetCfg;
import org.trt4j.weights.darknet.DarknetWeights;
import org.trt4j.weights.npy.Npz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutates every reader's fixture files (truncation, bit flips, inflated counts and lengths) and asserts that each
 * reader either returns a result or throws a {@link UserError}: never another exception type, never an
 * OutOfMemoryError from a size it trusted. Deterministic seeds; a bounded number of cases per fixture.
 */
class ReaderFuzzTest {
    private static final int CASES_PER_FIXTURE = 200;
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final Path NPY = Path.of("src/test/resources/npy");

    @TempDir Path dir;

    @FunctionalInterface
    interface Reader { void read(Path mutated) throws Exception; }

    @TestFactory Stream<DynamicTest> everyReaderOnMutatedFixtures() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Path cfg = FIXTURES.resolve("tiny.cfg");
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                Reader reader;
                if (name.endsWith(".weights")) reader = p -> DarknetWeights.read(p, DarknetCfg.parse(cfg), ConvertOptions.DEFAULTS);
                else if (name.endsWith(".cfg")) reader = p -> DarknetWeights.read(FIXTURES.resolve("tiny.weights"), DarknetCfg.parse(p));
                else reader = WeightFiles::load;
                tests.add(DynamicTest.dynamicTest(name, () -> fuzz(f, reader)));
            }
        }
        tests.add(DynamicTest.dynamicTest("sample.npz", () -> fuzz(NPY.resolve("sample.npz"), Npz::read)));
        tests.add(DynamicTest.dynamicTest("sample.npy", () -> fuzz(firstNpy(), Npz::readNpy)));
        return tests.stream();
    }

    /** One .npy file: the first entry of the sample archive, stored uncompressed by numpy.savez. */
    private Path firstNpy() throws IOException {
        Path npy = dir.resolve("first.npy");
        try (var zip = new java.util.zip.ZipInputStream(Files.newInputStream(NPY.resolve("sample.npz")))) {
            zip.getNextEntry();
            Files.write(npy, zip.readAllBytes());
        }
        return npy;
    }

    private void fuzz(Path fixture, Reader reader) throws IOException {
        byte[] original = Files.readAllBytes(fixture);
        Random random = new Random(fixture.getFileName().toString().hashCode());
        String name = fixture.getFileName().toString();
        for (int i = 0; i < CASES_PER_FIXTURE; i++) {
            String how;
            byte[] mutated;
            switch (i % 3) {
                case 0 -> {
                    int at = random.nextInt(original.length);
                    mutated = java.util.Arrays.copyOf(original, at);
                    how = "truncated to " + at + " bytes";
                }
                case 1 -> {
                    mutated = original.clone();
                    StringBuilder bits = new StringBuilder("bits flipped at");
                    for (int k = 1 + random.nextInt(4); k > 0; k--) {
                        int at = random.nextInt(mutated.length), bit = random.nextInt(8);
                        mutated[at] ^= (byte) (1 << bit);
                        bits.append(' ').append(at).append('.').append(bit);
                    }
                    how = bits.toString();
                }
                default -> {
                    mutated = original.clone();
                    how = inflate(mutated, random);
                }
            }
            Path p = dir.resolve(name); // same name: the readers choose the format by name and content
            Files.write(p, mutated);
            try {
                reader.read(p);
            } catch (UserError expected) {
                // the clean error
            } catch (Throwable t) {
                fail(name + " " + how + ": " + t.getClass().getName() + " instead of a UserError: " + t.getMessage(), t);
            }
        }
    }

    /** Replaces a decimal number (text) or a 4-byte field (binary) with a huge value: a count or length that lies. */
    private static String inflate(byte[] bytes, Random random) {
        int at = random.nextInt(bytes.length);
        if (Character.isDigit(bytes[at])) {
            int start = at;
            while (start > 0 && Character.isDigit(bytes[start - 1])) start--;
            byte[] huge = "999999999".getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < huge.length && start + k < bytes.length && Character.isDigit(bytes[start + k]); k++) bytes[start + k] = huge[k];
            return "decimal at " + start + " inflated";
        }
        int field = at & ~3;
        int[] values = {0x7fffffff, 0xffffffff, 0x40000000, 0x00ffffff};
        int v = values[random.nextInt(values.length)];
        for (int k = 0; k < 4 && field + k < bytes.length; k++) bytes[field + k] = (byte) (v >>> (8 * k));
        return "int32 at " + field + " set to " + Integer.toHexString(v);
    }
}
