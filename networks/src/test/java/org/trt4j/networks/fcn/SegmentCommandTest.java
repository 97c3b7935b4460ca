package org.trt4j.networks.fcn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.cli.Main;
import org.trt4j.networks.HashWeights;
import org.trt4j.networks.image.RgbImage;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.wts.WtsWriter;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** segment's input normalization (ImageNet mean/std, as torchvision's segmentation weights expect), and photos above --max-size. */
class SegmentCommandTest {
    /** A 96x128 photo with --max-size 48x64 is segmented at 48x64 and its class map comes back at 96x128. */
    @Test void aPhotoAboveTheMaximumIsShrunkAndItsMapEnlargedBack(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("fcn.wts"), photo = dir.resolve("photo.png"), out = dir.resolve("classes.png"), blend = dir.resolve("overlay.png");
        WtsWriter.write(HashWeights.fromManifest("/golden/fcn/fcn_resnet101.keys.json"), weights);
        float[] v = new float[3 * 96 * 128];
        for (int i = 0; i < v.length; i++) v[i] = (float) (0.5 + 0.45 * Math.sin(i * 0.013));
        RgbImage.write(RgbImage.toImage(HostTensor.of(v, 1, 3, 96, 128)), photo);
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"segment", "--backend", "cpu", "--weights", weights.toString(), "--input", photo.toString(),
                "--output", out.toString(), "--overlay", blend.toString(), "--max-size", "48x64"}, new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        for (Path p : new Path[]{out, blend}) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertEquals(128, img.getWidth(), p.toString());
            assertEquals(96, img.getHeight(), p.toString());
        }
        StringWriter bad = new StringWriter();
        assertEquals(2, Main.execute(new String[]{"segment", "--backend", "cpu", "--weights", weights.toString(), "--input", photo.toString(),
                "--output", out.toString(), "--max-size", "16x9000"}, new PrintWriter(bad, true)));
        assertTrue(bad.toString().contains("--max-size 16x9000: expected HxW with each side >= 32"), bad.toString());
    }

    @Test void normalizationIsImageNets() {
        HostTensor rgb = HostTensor.of(new float[]{0.485f, 1f, 0.456f, 0f, 0.406f, 0.5f}, 1, 3, 1, 2);
        float[] n = SegmentCommand.normalize(rgb).floats();
        assertEquals(0f, n[0], 1e-6);
        assertEquals((1f - 0.485f) / 0.229f, n[1], 1e-6);
        assertEquals(0f, n[2], 1e-6);
        assertEquals((0f - 0.456f) / 0.224f, n[3], 1e-6);
        assertEquals((0.5f - 0.406f) / 0.225f, n[5], 1e-6);
    }
}
