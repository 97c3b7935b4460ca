package org.trt4j.networks.image;

import org.bytedeco.javacpp.IntPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FFmpeg decoding of real video files: an animated GIF written by ImageIO (8 colours, lossless: every pixel is known). */
class VideoReaderTest {
    static final int W = 40, H = 24, FRAMES = 5;
    static final int[] PALETTE = {0x000000, 0xff0000, 0x00ff00, 0x0000ff, 0xffffff, 0x808080, 0xffff00, 0x00ffff};
    @TempDir Path dir;

    /** Frame f's palette index at (x, y): stripes that move with f, so frame order and position both show. */
    static int index(int f, int x, int y) { return (x / 4 + y / 3 + f) % PALETTE.length; }

    /** A 5-frame animated GIF of the pattern above. */
    static Path gif(Path file) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int f = 0; f < FRAMES; f++) {
                BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) img.setRGB(x, y, PALETTE[index(f, x, y)]);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
                writer.writeToSequence(new IIOImage(img, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return file;
    }

    @Test void decodesEveryFrameOfAnAnimatedGifExactly() throws Exception {
        Path clip = gif(dir.resolve("clip.gif"));
        try (VideoReader video = new VideoReader(clip, RgbImage.DEFAULT_MAX_PIXELS)) {
            assertEquals(0, video.quarterTurns());
            for (int f = 0; f < FRAMES; f++) {
                HostTensor t = video.next();
                assertTrue(t != null, "frame " + f);
                assertEquals(4, t.shape().length);
                assertEquals(H, t.shape()[2]);
                assertEquals(W, t.shape()[3]);
                float[] v = t.floats();
                int wrong = 0, plane = W * H;
                for (int y = 0; y < H; y++)
                    for (int x = 0; x < W; x++) {
                        int rgb = PALETTE[index(f, x, y)], i = y * W + x;
                        if (Math.round(v[i] * 255) != (rgb >> 16 & 255) || Math.round(v[plane + i] * 255) != (rgb >> 8 & 255)
                                || Math.round(v[2 * plane + i] * 255) != (rgb & 255)) wrong++;
                    }
                assertEquals(0, wrong, "pixels of frame " + f + " unlike the GIF's");
            }
            assertNull(video.next(), "five frames, then the end");
            assertNull(video.next(), "and the end stays the end");
        }
    }

    /** H.264 in MP4 by VideoWriter (libopenh264, BT.709 limited range, as cameras write): smooth frames come back within a few levels, at 25 fps. */
    @Test void decodesAnH264Mp4CloseToItsSource() throws Exception {
        int w = 96, h = 64, n = 12;
        java.util.List<BufferedImage> frames = new java.util.ArrayList<>();
        for (int f = 0; f < n; f++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    img.setRGB(x, y, (int) (127.5 + 100 * Math.sin((x + 2 * f) / 9.0)) << 16 | (int) (127.5 + 100 * Math.cos(y / 7.0)) << 8
                            | (40 + 2 * x + f) & 255);
            frames.add(img);
        }
        Path clip = dir.resolve("clip.mp4");
        try (VideoWriter writer = new VideoWriter(clip, w, h, 25)) {
            for (BufferedImage f : frames) writer.write(f);
        }
        try (VideoReader video = new VideoReader(clip, RgbImage.DEFAULT_MAX_PIXELS)) {
            assertEquals(n, video.announcedFrames());
            assertEquals(25.0, video.framesPerSecond(), 1e-9);
            for (int f = 0; f < n; f++) {
                HostTensor t = video.next();
                assertTrue(t != null, "frame " + f);
                float[] v = t.floats();
                double sum = 0;
                int plane = w * h;
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        int p = frames.get(f).getRGB(x, y), i = y * w + x;
                        sum += Math.abs(v[i] * 255 - (p >> 16 & 255)) + Math.abs(v[plane + i] * 255 - (p >> 8 & 255)) + Math.abs(v[2 * plane + i] * 255 - (p & 255));
                    }
                double mean = sum / (3.0 * plane);
                // a wrong matrix or range shifts colours by 10+ levels; frame order mixed up would too (the pattern moves)
                assertTrue(mean < 4.0, "frame " + f + ": mean |decoded - source| " + mean + " levels");
            }
            assertNull(video.next());
        }
        // the same file cut short (a copy still being written, a broken download): one error naming it, no crash
        byte[] whole = java.nio.file.Files.readAllBytes(clip);
        Path cut = java.nio.file.Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(whole, whole.length / 2));
        UserError e = assertThrows(UserError.class, () -> {
            try (VideoReader video = new VideoReader(cut, RgbImage.DEFAULT_MAX_PIXELS)) {
                while (video.next() != null) { }
            }
        });
        assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
    }

    @Test void theWriterRefusesWhatH264CannotHold() throws Exception {
        Path odd = dir.resolve("odd.mp4");
        UserError e = assertThrows(UserError.class, () -> new VideoWriter(odd, 63, 48, 25));
        assertTrue(e.getMessage().startsWith(odd + ": H.264 (4:2:0) needs even frame sides"), e.getMessage());
        Path clip = dir.resolve("sizes.mp4");
        try (VideoWriter writer = new VideoWriter(clip, 64, 48, 30)) {
            UserError wrong = assertThrows(UserError.class, () -> writer.write(new BufferedImage(32, 48, BufferedImage.TYPE_INT_RGB)));
            assertTrue(wrong.getMessage().contains("frame 1 is 32x48, the video is 64x48"), wrong.getMessage());
            writer.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB));
        }
        try (VideoReader video = new VideoReader(clip, RgbImage.DEFAULT_MAX_PIXELS)) {
            assertEquals(30.0, video.framesPerSecond(), 1e-9);
            assertTrue(video.next() != null);
            assertNull(video.next(), "the refused frame was not written");
        }
    }

    @Test void refusesFramesOverThePixelLimit() throws Exception {
        Path clip = gif(dir.resolve("big.gif"));
        try (VideoReader video = new VideoReader(clip, W * H - 1)) {
            UserError e = assertThrows(UserError.class, video::next);
            assertTrue(e.getMessage().startsWith(clip + ": " + W + "x" + H + " frames exceed"), e.getMessage());
        }
    }

    @Test void notAVideoIsOneErrorNamingTheFile() throws Exception {
        Path text = Files.writeString(dir.resolve("clip.mp4"), "not a video");
        UserError e = assertThrows(UserError.class, () -> new VideoReader(text, RgbImage.DEFAULT_MAX_PIXELS));
        assertTrue(e.getMessage().startsWith(text + ": not a video FFmpeg can open (FFmpeg: "), e.getMessage());
        Path audioless = dir.resolve("missing.mp4");
        assertTrue(assertThrows(UserError.class, () -> new VideoReader(audioless, 1)).getMessage().contains("no such video file"));
    }

    /**
     * Phone videos are stored landscape with a display matrix that ffprobe shows as "rotation of -90.00 degrees"
     * (av_display_rotation_get, counterclockwise): shown upright, they turn 90 degrees clockwise, as ffmpeg's autorotate does.
     */
    @Test void displayMatrixAnglesBecomeClockwiseQuarterTurns() {
        int[][] probed = {{0, 0}, {-90, 1}, {180, 2}, {90, 3}, {-270, 3}, {-88, 1}};
        for (int[] c : probed)
            try (IntPointer m = new IntPointer(9)) {
                av_display_rotation_set(m, -c[0]); // set's angle has the opposite sign of what get reads back
                assertEquals(0, Math.floorMod(Math.round(av_display_rotation_get(m)) - c[0], 360), "the matrix of a probed rotation of " + c[0]);
                assertEquals(c[1], VideoReader.quarterTurns(m), "probed rotation " + c[0]);
            }
    }
}
