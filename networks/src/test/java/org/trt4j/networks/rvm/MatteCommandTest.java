package org.trt4j.networks.rvm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.cli.Main;
import org.trt4j.networks.HashWeights;
import org.trt4j.networks.image.RgbImage;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.run.CpuRunner;
import org.trt4j.weights.wts.WtsWriter;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code trt4j matte} on the CPU backend: 3 tiny frames, hash weights written as .wts, states carried by the command. */
class MatteCommandTest {
    static final int H = 48, W = 64;
    @TempDir static Path dir;
    static Path weights, frames;

    @BeforeAll static void weightsAndFrames() throws Exception {
        weights = dir.resolve("rvm.wts");
        WtsWriter.write(HashWeights.fromManifest("/golden/rvm/rvm_mobilenetv3.keys.json"), weights);
        frames = Files.createDirectories(dir.resolve("frames"));
        for (int i = 0; i < 3; i++) RgbImage.write(RgbImage.toImage(RvmCpuGoldenTest.frame(i, H, W)), frames.resolve("f" + i + ".png"));
    }

    static int matte(StringWriter err, String... extra) {
        String[] base = {"matte", "--backend", "cpu", "--weights", weights.toString(), "--input", frames.toString(), "--ratio", "0.5"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Main.execute(args, new PrintWriter(err, true));
    }

    @Test void writesRgbaMattesWithTheStatesCarried() throws Exception {
        Path out = dir.resolve("rgba");
        StringWriter err = new StringWriter();
        assertEquals(0, matte(err, "--output", out.toString()), err.toString());
        // the same frames (as read back from the PNGs) through RecurrentMatting directly: the last alpha must agree
        var net = NetworkRegistry.define("rvm_mobilenetv3", HashWeights.fromManifest("/golden/rvm/rvm_mobilenetv3.keys.json"),
                Map.of("height", "" + H, "width", "" + W, "ratio", "0.5"), Map.of());
        RecurrentMatting.Matte last = null;
        try (CpuRunner cpu = new CpuRunner(net.network()); RecurrentMatting m = new RecurrentMatting(cpu, RvmFactory.stateShapes(1, H, W, 0.5f))) {
            for (int i = 0; i < 3; i++) last = m.next(RgbImage.read(frames.resolve("f" + i + ".png"), RgbImage.DEFAULT_MAX_PIXELS));
        }
        BufferedImage png = ImageIO.read(out.resolve("f2.png").toFile());
        assertEquals(W, png.getWidth());
        assertEquals(H, png.getHeight());
        assertTrue(png.getColorModel().hasAlpha(), "RGBA");
        assertEquals(0, alphaPixelsOff(png, last), "alpha pixels of the last frame that differ from RecurrentMatting with carried states");
        for (int i = 0; i < 2; i++) assertTrue(Files.isRegularFile(out.resolve("f" + i + ".png")));
    }

    @Test void mattesAVideoFileFrameByFrame() throws Exception {
        Path clip = dir.resolve("clip.gif"); // an animated GIF: FFmpeg decodes it like any video, and ImageIO writes it
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (var out = ImageIO.createImageOutputStream(clip.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < 3; i++) {
                BufferedImage frame = RgbImage.toImage(RvmCpuGoldenTest.frame(i, H, W));
                var meta = writer.getDefaultImageMetadata(javax.imageio.ImageTypeSpecifier.createFromRenderedImage(frame), null);
                writer.writeToSequence(new javax.imageio.IIOImage(frame, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        Path out = dir.resolve("video");
        StringWriter err = new StringWriter();
        String[] args = {"matte", "--backend", "cpu", "--weights", weights.toString(), "--input", clip.toString(), "--ratio", "0.5", "--output", out.toString()};
        assertEquals(0, Main.execute(args, new PrintWriter(err, true)), err.toString());
        var net = NetworkRegistry.define("rvm_mobilenetv3", HashWeights.fromManifest("/golden/rvm/rvm_mobilenetv3.keys.json"),
                Map.of("height", "" + H, "width", "" + W, "ratio", "0.5"), Map.of());
        RecurrentMatting.Matte last = null;
        try (CpuRunner cpu = new CpuRunner(net.network()); RecurrentMatting m = new RecurrentMatting(cpu, RvmFactory.stateShapes(1, H, W, 0.5f));
             org.trt4j.networks.image.VideoReader video = new org.trt4j.networks.image.VideoReader(clip, RgbImage.DEFAULT_MAX_PIXELS)) {
            for (var frame = video.next(); frame != null; frame = video.next()) last = m.next(frame);
        }
        BufferedImage png = ImageIO.read(out.resolve("000003.png").toFile());
        assertEquals(0, alphaPixelsOff(png, last), "alpha pixels of the video's last frame unlike RecurrentMatting's over the decoded frames");
        for (String name : new String[]{"000001.png", "000002.png"}) assertTrue(Files.isRegularFile(out.resolve(name)), name);
        assertTrue(!Files.exists(out.resolve("000004.png")), "three frames, three mattes");
    }

    /** Pixels whose PNG alpha is more than one level from the matte's (clamped, rounded) alpha. */
    static int alphaPixelsOff(BufferedImage png, RecurrentMatting.Matte matte) {
        float[] pha = matte.pha().floats();
        int off = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                if (Math.abs((png.getRGB(x, y) >>> 24) - Math.round(Math.min(1f, Math.max(0f, pha[y * W + x])) * 255f)) > 1) off++;
        return off;
    }

    @Test void compositesOverAColor() throws Exception {
        Path out = dir.resolve("comp");
        StringWriter err = new StringWriter();
        assertEquals(0, matte(err, "--output", out.toString(), "--composite", "#00ff00"), err.toString());
        BufferedImage png = ImageIO.read(out.resolve("f0.png").toFile());
        assertTrue(!png.getColorModel().hasAlpha(), "a composite is opaque");
        assertEquals(W, png.getWidth());
    }

    @Test void writesCompositesAsAnH264Video() throws Exception {
        Path png = dir.resolve("comp-png"), mp4 = dir.resolve("comp.mp4");
        StringWriter err = new StringWriter();
        assertEquals(0, matte(err, "--output", png.toString(), "--composite", "#00ff00"), err.toString());
        assertEquals(0, matte(err, "--output", mp4.toString(), "--composite", "#00ff00"), err.toString());
        try (var video = new org.trt4j.networks.image.VideoReader(mp4, RgbImage.DEFAULT_MAX_PIXELS)) {
            assertEquals(25.0, video.framesPerSecond(), 1e-9, "frames carry no rate: 25 fps");
            for (int i = 0; i < 3; i++) {
                var frame = video.next();
                assertTrue(frame != null, "frame " + i);
                float[] want = RgbImage.read(png.resolve("f" + i + ".png"), RgbImage.DEFAULT_MAX_PIXELS).floats(), got = frame.floats();
                double sum = 0;
                for (int k = 0; k < want.length; k++) sum += Math.abs(want[k] - got[k]) * 255;
                // H.264 at 4:2:0 is lossy; frames out of order or a wrong colour matrix would be 10+ levels off
                assertTrue(sum / want.length < 6, "frame " + i + ": mean |video - PNG composite| " + sum / want.length + " levels");
            }
            assertTrue(video.next() == null, "three frames");
        }
        StringWriter err2 = new StringWriter();
        assertEquals(2, matte(err2, "--output", dir.resolve("rgba.mp4").toString()));
        assertTrue(err2.toString().contains("give --composite COLOR to write the composites as a video"), err2.toString());
        StringWriter err3 = new StringWriter();
        String[] overInput = {"matte", "--backend", "cpu", "--weights", weights.toString(), "--input", mp4.toString(), "--output", mp4.toString(),
                "--composite", "blue"};
        assertEquals(2, Main.execute(overInput, new PrintWriter(err3, true)));
        assertTrue(err3.toString().contains(mp4 + ": is the input video"), err3.toString());
        StringWriter err4 = new StringWriter();
        assertEquals(2, matte(err4, "--output", dir.resolve("pngs").toString(), "--fps", "30"));
        assertTrue(err4.toString().contains("--fps sets a video --output's frame rate"), err4.toString());
    }

    @Test void badInputsAreOneLineErrors() throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(2, matte(err, "--output", dir.resolve("x").toString(), "--composite", "chartreuse"));
        assertTrue(err.toString().contains("--composite 'chartreuse'"), err.toString());
        StringWriter err2 = new StringWriter();
        Path video = Files.writeString(dir.resolve("clip.mp4"), "not decoded");
        assertEquals(2, Main.execute(new String[]{"matte", "--backend", "cpu", "--weights", weights.toString(), "--input", video.toString(),
                "--output", dir.resolve("y").toString()}, new PrintWriter(err2, true)));
        assertTrue(err2.toString().contains(video + ": not a video FFmpeg can open"), err2.toString());
        assertEquals(1, err2.toString().strip().lines().count(), err2.toString());
        Path blocked = Files.createDirectories(dir.resolve("blocked").resolve("f1.png")); // a directory where frame 1's matte goes
        StringWriter err4 = new StringWriter();
        assertEquals(2, matte(err4, "--output", blocked.getParent().toString()));
        assertTrue(err4.toString().contains(blocked.toString()), "the writer's error names the file: " + err4);
        StringWriter err3 = new StringWriter();
        assertEquals(2, matte(err3, "--output", dir.resolve("z").toString(), "--opt-level", "9"));
        assertTrue(err3.toString().contains("optimization level must be 0..5, got 9"), err3.toString());
    }

}
