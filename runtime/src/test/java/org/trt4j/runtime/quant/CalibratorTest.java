package org.trt4j.runtime.quant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.TestFiles;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.wts.WtsReader;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** Calibration of the test network "tiny" on the CPU backend: the thresholds are those of the tensors it really computes. */
class CalibratorTest {
    @TempDir Path dir;

    /** The test network "tiny" with its golden weights, read from the class path (the GPU host runs from jars). */
    static DefinedNetwork tiny() throws Exception { return tiny(Map.of()); }

    /** The tiny test network with these input shapes fixed (empty: as declared, dynamic). */
    static DefinedNetwork tiny(Map<String, org.trt4j.runtime.graph.Shape> inputShapes) throws Exception {
        Path dir = Files.createTempDirectory("tiny");
        WeightMap w = WtsReader.read(TestFiles.resource("golden/network/tiny.wts", dir));
        return NetworkRegistry.define("tiny", w, Map.of(), inputShapes);
    }

    static HostTensor sample(int seed) { return sample(seed, 1, 3, 8, 10); }

    /** A deterministic input of this shape, different for each seed. */
    static HostTensor sample(int seed, int... shape) {
        float[] v = new float[(int) org.trt4j.runtime.graph.Shape.of(shape).volume()];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(0.31 * i * (seed + 1) + seed);
        return HostTensor.of(v, shape);
    }

    @Test void maxThresholdsEqualTheLargestActivationOfEveryConvolutionInput() throws Exception {
        DefinedNetwork net = tiny();
        List<Supplier<Map<String, HostTensor>>> samples = new ArrayList<>();
        for (int s = 0; s < 3; s++) { int seed = s; samples.add(() -> Map.of("x", sample(seed))); }
        ActivationScales scales = Calibrator.calibrate(net.network(), samples, CalibrationMethod.MAX, 0, "k", null);
        List<Tensor> quantized = Calibrator.quantizedInputs(net.network());
        assertFalse(quantized.isEmpty());
        CpuBackend cpu = new CpuBackend();
        for (Tensor t : quantized) {
            double expected = 0;
            for (int s = 0; s < 3; s++)
                for (float v : cpu.runAll(net.network(), Map.of("x", sample(s))).get(t).asFloats()) expected = Math.max(expected, Math.abs(v));
            assertEquals((float) expected, scales.amax().get(t.name()), 1e-6f, t.name());
            assertEquals((float) expected / 127f, scales.scale(t.name()), 1e-8f);
            float[] means = scales.channelMeans().get(t.name());
            assertEquals(t.dim(1), means.length, t.name());
            for (int ch = 0; ch < means.length; ch++) {
                double sum = 0;
                int count = 0;
                for (int s = 0; s < 3; s++) {
                    HostTensor a = cpu.runAll(net.network(), Map.of("x", sample(s))).get(t);
                    int inner = a.asFloats().length / a.shape()[0] / a.shape()[1];
                    for (int n = 0; n < a.shape()[0]; n++)
                        for (int i = 0; i < inner; i++, count++) sum += a.asFloats()[(n * a.shape()[1] + ch) * inner + i];
                }
                assertEquals(sum / count, means[ch], 1e-5, t.name() + " channel " + ch);
            }
        }
        assertEquals(quantized.size(), scales.amax().size());
    }

    @Test void scalesFileIsWrittenThenReusedUntilTheSamplesChange() throws Exception {
        DefinedNetwork net = tiny();
        Path calib = Files.createDirectories(dir.resolve("calib"));
        for (int s = 0; s < 2; s++) writeNpy(calib.resolve("s" + s + ".npy"), sample(s));
        Path file = dir.resolve("tiny.scales.json");
        var request = new Int8Calibration.Request(calib, CalibrationMethod.ENTROPY, 99.99, 32, file, true);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ActivationScales first = Int8Calibration.scales(net, "sha", request, new PrintStream(log, true));
        assertTrue(Files.exists(file));
        ActivationScales again = Int8Calibration.scales(net, "sha", request, new PrintStream(log, true));
        assertEquals(first.amax(), again.amax());
        assertTrue(log.toString().contains("INT8 scales cached in " + file), log.toString());
        assertEquals(first.amax(), ActivationScales.read(file).amax());
        for (var e : first.channelMeans().entrySet())
            assertArrayEquals(e.getValue(), ActivationScales.read(file).channelMeans().get(e.getKey()), "means of " + e.getKey() + " read back");
        assertFalse(first.channelMeans().isEmpty());

        writeNpy(calib.resolve("s2.npy"), sample(2));
        ActivationScales third = Int8Calibration.scales(net, "sha", request, new PrintStream(log, true));
        assertEquals(3, third.samples());
        assertTrue(log.toString().contains("are for other samples"), log.toString());

        BuildOptions a = BuildOptions.defaults().withInt8(first), b = BuildOptions.defaults().withInt8(third);
        assertEquals(Precision.INT8, a.precision());
        assertNotEquals(a.describe().get("int8.scales"), b.describe().get("int8.scales"), "different scales, different engines");
        assertNull(a.withPrecision(Precision.FP16).int8Scales());
        assertEquals("true", a.describe().get("int8.biasCorrection"));

        // without the bias correction (the default): no means, another key (so calibrated again), another engine
        var plain = new Int8Calibration.Request(calib, CalibrationMethod.ENTROPY, 99.99, 32, file, false);
        ActivationScales noMeans = Int8Calibration.scales(net, "sha", plain, new PrintStream(log, true));
        assertTrue(noMeans.channelMeans().isEmpty());
        assertEquals(third.amax(), noMeans.amax());
        assertNotEquals(third.key(), noMeans.key());
        assertEquals("false", BuildOptions.defaults().withInt8(noMeans).describe().get("int8.biasCorrection"));
        assertNotEquals(b.describe().get("int8.scales"), BuildOptions.defaults().withInt8(noMeans).describe().get("int8.scales"));
        var fromFile = new Int8Calibration.Request(null, CalibrationMethod.ENTROPY, 99.99, 32, file, true);
        UserError noMeansInFile = assertThrows(UserError.class, () -> Int8Calibration.scales(net, "sha", fromFile, new PrintStream(log, true)));
        assertTrue(noMeansInFile.getMessage().startsWith(file + ": no channel means"), noMeansInFile.getMessage());
    }

    @Test void batchOneSamplesCalibrateABatchedNetworkToTheSameThresholds() throws Exception {
        Path samples = Files.createDirectories(dir.resolve("batch1"));
        for (int s = 0; s < 3; s++) writeNpy(samples.resolve("s" + s + ".npy"), sample(s));
        DefinedNetwork one = tiny(), four = tiny(Map.of("x", org.trt4j.runtime.graph.Shape.of(4, 3, 8, 10)));
        var files = CalibrationSamples.files(samples, 8);
        Map<String, HostTensor> batched = CalibrationSamples.of(files, four).get(0).get();
        assertArrayEquals(new int[] {4, 3, 8, 10}, batched.get("x").shape(), "the sample repeated to the network's batch");
        ActivationScales a = Calibrator.calibrate(one.network(), CalibrationSamples.of(files, one), CalibrationMethod.ENTROPY, 0, "k", null);
        ActivationScales b = Calibrator.calibrate(four.network(), CalibrationSamples.of(files, four), CalibrationMethod.ENTROPY, 0, "k", null);
        assertEquals(a.amax(), b.amax());
    }

    @Test void int8WithoutScalesAndBadSamplesAreClearErrors() throws Exception {
        UserError noScales = assertThrows(UserError.class, () -> BuildOptions.defaults().withPrecision(Precision.INT8));
        assertTrue(noScales.getMessage().contains("--calib DIR"), noScales.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        UserError none = assertThrows(UserError.class, () -> CalibrationSamples.files(empty, 8));
        assertTrue(none.getMessage().contains("no calibration samples"), none.getMessage());
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Files.write(photos.resolve("a.png"), new byte[]{1});
        DefinedNetwork net = tiny();
        UserError noPre = assertThrows(UserError.class,
                () -> CalibrationSamples.of(CalibrationSamples.files(photos, 8), net).get(0).get());
        assertTrue(noPre.getMessage().contains("no image pre-processing"), noPre.getMessage());
        Path wrongShape = Files.createDirectories(dir.resolve("wrong"));
        writeNpy(wrongShape.resolve("a.npy"), HostTensor.of(new float[2 * 3 * 8 * 10], 1, 2, 3, 8, 10));
        UserError rank = assertThrows(UserError.class, () -> CalibrationSamples.of(CalibrationSamples.files(wrongShape, 8), net).get(0).get());
        assertTrue(rank.getMessage().startsWith(wrongShape.resolve("a.npy") + ": input 'x' is 1x2x3x8x10, the network takes"), rank.getMessage());
        writeNpy(wrongShape.resolve("a.npy"), HostTensor.of(new float[4 * 8 * 10], 1, 4, 8, 10));
        UserError channels = assertThrows(UserError.class, () -> CalibrationSamples.of(CalibrationSamples.files(wrongShape, 8), net).get(0).get());
        assertTrue(channels.getMessage().contains("input 'x' is 1x4x8x10"), channels.getMessage());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"network\":\"tiny\",\"amax\":{\"x\":-1}}");
        UserError negative = assertThrows(UserError.class, () -> ActivationScales.read(bad));
        assertTrue(negative.getMessage().startsWith(bad + ": activation 'x': amax -1.0"), negative.getMessage());
        Files.writeString(bad, "{\"network\":\"tiny\",\"amax\":{\"x\":1.5}}");
        assertTrue(ActivationScales.read(bad).channelMeans().isEmpty(), "a file from before channel means reads, without them");
    }

    /** A float32 .npy (format 1.0), written here so the test does not depend on the writer under test elsewhere. */
    private static void writeNpy(Path file, HostTensor t) throws Exception {
        StringBuilder shape = new StringBuilder();
        for (int d : t.shape()) shape.append(d).append(", ");
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape.toString().replaceAll(", $", "") + "), }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + 4 * t.floats().length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes()).put((byte) 1).put((byte) 0).putShort((short) header.length()).put(header.getBytes());
        for (float v : t.floats()) b.putFloat(v);
        Files.write(file, b.array());
    }
}
