package org.trt4j.networks.mvs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.cli.Main;
import org.trt4j.error.UserError;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trt4j depth} on the committed synthetic scene (examples/mvs_scene, make_mvs_scene.py) on the CPU backend with
 * seeded untrained weights: the depth map has the scene's size and lies in the cameras' depth range, the PNGs are
 * written; plus the cam.txt reader and the PFM writer.
 */
class DepthCommandTest {
    static final Path SCENE = Path.of("..", "examples", "mvs_scene");

    @Test void depthOfTheSyntheticSceneIsShapedRight(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("depth.pfm");
        int code = new CommandLine(new Main()).execute("depth", "--backend", "cpu",
                "--images", SCENE.resolve("ref.png").toString(), SCENE.resolve("src1.png").toString(), SCENE.resolve("src2.png").toString(),
                "--cams", SCENE.resolve("cams.txt").toString(), "--output", out.toString());
        assertEquals(0, code);
        Pfm.Image depth = Pfm.read(out), truth = Pfm.read(SCENE.resolve("depth_gt.pfm"));
        assertEquals(truth.height(), depth.height());
        assertEquals(truth.width(), depth.width());
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float d : depth.values()) {
            assertTrue(Float.isFinite(d), "finite depth");
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        System.out.printf("depth of the synthetic scene with seeded weights: %.4f..%.4f (truth 3.5 and 6)%n", lo, hi);
        assertTrue(lo >= 2.5 && hi <= 7.275, "depth within the cameras' range 2.5..7.275: " + lo + ".." + hi);
        assertTrue(hi > lo, "not a constant map");
        for (String png : List.of("depth.png", "depth_confidence.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertEquals(160, img.getWidth(), png);
            assertEquals(96, img.getHeight(), png);
        }
    }

    @Test void camerasAreReadInMvsNetFormat() throws Exception {
        List<MvsCameras.Camera> cams = MvsCameras.read(List.of(SCENE.resolve("cams.txt")));
        assertEquals(3, cams.size());
        assertEquals(-0.2f, cams.get(1).extrinsic()[3], 1e-7);
        assertEquals(120f, cams.get(0).intrinsic()[0]);
        assertEquals(7.275f, cams.get(0).lastDepth(), 1e-6);
        float[] stage1 = MvsCameras.projMatrices(cams, 4);
        assertEquals(30f, stage1[16], 1e-6, "f / 4");
        assertEquals(12f, stage1[16 + 4 + 2], 1e-6, "cy / 4");
        assertEquals(1f, stage1[16 + 10], "K[2][2] is not scaled");
        assertEquals(0f, stage1[16 + 15], "the intrinsic slot's last row and column stay 0");
        MvsCameras.Camera noMax = MvsCameras.parse("extrinsic 1 0 0 0 0 1 0 0 0 0 1 0 0 0 0 1 intrinsic 1 0 0 0 1 0 0 0 1 2 0.5", "t").get(0);
        assertEquals(2f + 191 * 0.5f, noMax.lastDepth(), 1e-5, "192 hypotheses when the file does not say");
    }

    @Test void badCameraFilesGiveOneClearError() {
        UserError e = assertThrows(UserError.class, () -> MvsCameras.parse("extrinsic 1 0 0", "cams.txt"));
        assertTrue(e.getMessage().contains("cams.txt") && e.getMessage().contains("16 numbers"), e.getMessage());
        e = assertThrows(UserError.class, () -> MvsCameras.parse("extrinsic 1 0 0 0 0 1 0 0 0 0 1 0 0 0 0 x", "c.txt"));
        assertTrue(e.getMessage().contains("'x' is not a number"), e.getMessage());
        e = assertThrows(UserError.class, () -> MvsCameras.parse("extrinsic 1 0 0 0 0 1 0 0 0 0 1 0 0 0 0 1 intrinsic 1 0 0 0 1 0 0 0 1", "c.txt"));
        assertTrue(e.getMessage().contains("depth_min depth_interval"), e.getMessage());
    }

    @Test void wrongCameraCountExitsWithTwo(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"depth", "--backend", "cpu", "--images", SCENE.resolve("ref.png").toString(),
                SCENE.resolve("src1.png").toString(), "--cams", SCENE.resolve("cams.txt").toString(), "--output", dir.resolve("d.pfm").toString()},
                new PrintWriter(err));
        assertEquals(Main.ERROR_EXIT, code);
        assertTrue(err.toString().contains(SCENE.resolve("cams.txt") + " holds 3 cameras for 2 images"), err.toString());
        assertTrue(Files.notExists(dir.resolve("d.pfm")));
    }

    @Test void pfmRoundTrips(@TempDir Path dir) {
        float[] v = {1f, 2f, 3f, Float.NaN, -0.5f, 1e-20f};
        Pfm.write(dir.resolve("x.pfm"), v, 2, 3);
        Pfm.Image back = Pfm.read(dir.resolve("x.pfm"));
        assertEquals(2, back.height());
        assertArrayEquals(v, back.values());
    }
}
