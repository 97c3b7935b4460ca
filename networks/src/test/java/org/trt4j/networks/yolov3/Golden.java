package org.trt4j.networks.yolov3;

import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/** The CI goldens written by src/test/python/make_yolov3.py. */
final class Golden {
    private static final String RESOURCE_DIR = "golden/yolov3/";
    private static final List<String> FILES = List.of("heads.npz", "weights.npz", "yolov3-slim16.cfg", "yolov3-slim16.weights");
    // after the two above: static fields initialize in order
    static final Path DIR = locate();
    static final Path CFG = DIR.resolve("yolov3-slim16.cfg");
    static final Path DARKNET_WEIGHTS = DIR.resolve("yolov3-slim16.weights");
    static final int SIZE = 128;

    private Golden() {}

    /**
     * The golden directory: the module's source tree under Maven (working directory networks/), the repository's on
     * the GPU host (gpu-test.sh runs from the repository root, where a bare "src/test/resources" does not exist), else
     * the test class path's copy extracted to a temporary directory (the cfg option needs a file path).
     */
    private static Path locate() {
        for (Path dir : new Path[] {Path.of("src/test/resources", RESOURCE_DIR), Path.of("networks/src/test/resources", RESOURCE_DIR)})
            if (Files.isRegularFile(dir.resolve("heads.npz"))) return dir;
        try {
            Path dir = Files.createTempDirectory("trt4j-yolov3-golden");
            for (String file : FILES) {
                try (InputStream in = Golden.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + file)) {
                    if (in == null) throw new IllegalStateException("golden " + RESOURCE_DIR + file + " not in the source tree or on the class path");
                    Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
                dir.resolve(file).toFile().deleteOnExit();
            }
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, NpyArray> heads() throws IOException { return Npz.read(DIR.resolve("heads.npz")); }

    static Map<String, NpyArray> weights() throws IOException { return Npz.read(DIR.resolve("weights.npz")); }

    static NmsSettings nmsSettings(Map<String, NpyArray> g) {
        float[] t = g.get("thresholds").floats();
        int[] l = g.get("limits").ints();
        return new NmsSettings(t[0], t[1], l[0], l[1]);
    }

    /**
     * Asserts the same detections as the golden up to the order of near-equal scores: equal counts, and every golden
     * row scoring clearly above the last kept score (which may trade places with the first dropped one) has a row of
     * the same class, a score within 1e-4 and a box within {@code boxTolerance} (relative, absolute below 1).
     */
    static void assertSameDetections(Map<String, NpyArray> g, Detections d, float boxTolerance) {
        int[] count = g.get("det_count").ints();
        float[] boxes = g.get("det_boxes").floats(), scores = g.get("det_scores").floats();
        int[] classes = g.get("det_classes").ints();
        int k = d.maxDetections();
        org.junit.jupiter.api.Assertions.assertArrayEquals(count, d.count(), "detection counts");
        for (int i = 0; i < count.length; i++) {
            float last = count[i] == 0 ? 0 : scores[i * k + count[i] - 1];
            boolean[] used = new boolean[count[i]];
            for (int r = 0; r < count[i]; r++) {
                int row = i * k + r;
                if (count[i] == k && scores[row] < last + 1e-4f) continue;
                int match = -1;
                for (int q = 0; q < count[i] && match < 0; q++) {
                    int other = i * k + q;
                    if (used[q] || d.classes()[other] != classes[row] || Math.abs(d.scores()[other] - scores[row]) > 1e-4f) continue;
                    boolean close = true;
                    for (int c = 0; c < 4; c++)
                        close &= Math.abs(d.boxes()[4 * other + c] - boxes[4 * row + c]) <= boxTolerance * Math.max(1f, Math.abs(boxes[4 * row + c]));
                    if (close) match = q;
                }
                org.junit.jupiter.api.Assertions.assertTrue(match >= 0, "image " + i + ": golden detection " + r + " (class "
                        + classes[row] + ", score " + scores[row] + ") not found in " + d.of(i));
                used[match] = true;
            }
        }
    }
}
