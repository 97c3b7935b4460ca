package org.trt4j.networks.rvm;

import org.trt4j.error.UserError;
import org.trt4j.networks.image.RgbImage;
import org.trt4j.networks.image.VideoReader;
import org.trt4j.runtime.tensor.HostTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One clip's frames in order, as 1x3xHxW RGB in 0..1: a directory of images sorted by name, or a video file decoded by
 * FFmpeg. {@link #next()} is called from one thread at a time (matte reads one frame ahead on its reader thread).
 */
abstract class ClipFrames implements AutoCloseable {
    /** A directory of frames, or else a video file. */
    static ClipFrames open(Path input, long maxPixels) {
        if (Files.isDirectory(input)) return new Directory(input, maxPixels);
        if (Files.isRegularFile(input)) return new Video(input, maxPixels);
        throw new UserError(input + ": no such directory or video file");
    }

    /** The next frame, or null after the last. */
    abstract HostTensor next();

    /** The file name of frame {@code index}'s matte (a frame's own name with .png; video frames 000001.png, ...). */
    abstract String outputName(int index);

    /** Where frame {@code index} comes from, for errors. */
    abstract String label(int index);

    /** The number of frames, or 0 when not known ahead (a video whose container does not say). */
    abstract long expected();

    /** The clip's frame rate, or 0 for frames in a directory (they carry none). */
    double framesPerSecond() { return 0; }

    @Override public void close() {}

    private static final class Directory extends ClipFrames {
        private final List<Path> frames;
        private final long maxPixels;
        private int read;

        Directory(Path dir, long maxPixels) {
            this.maxPixels = maxPixels;
            try (Stream<Path> s = Files.list(dir)) {
                frames = s.filter(p -> RgbImage.hasImageExtension(p) && Files.isRegularFile(p)).sorted().toList();
            } catch (IOException e) {
                throw new UserError(dir + ": cannot list the directory (" + e.getMessage() + ")", e);
            }
            if (frames.isEmpty()) throw new UserError(dir + ": no .png, .jpg or .jpeg frames in the directory");
        }

        @Override HostTensor next() { return read < frames.size() ? RgbImage.read(frames.get(read++), maxPixels) : null; }

        @Override String outputName(int index) {
            String n = frames.get(index).getFileName().toString();
            return n.substring(0, n.lastIndexOf('.')) + ".png";
        }

        @Override String label(int index) { return frames.get(index).toString(); }

        @Override long expected() { return frames.size(); }
    }

    private static final class Video extends ClipFrames {
        private final Path file;
        private final VideoReader reader;

        Video(Path file, long maxPixels) {
            this.file = file;
            this.reader = new VideoReader(file, maxPixels);
        }

        @Override HostTensor next() { return reader.next(); }

        @Override String outputName(int index) { return String.format(Locale.ROOT, "%06d.png", index + 1); }

        @Override String label(int index) { return file + " frame " + (index + 1); }

        @Override long expected() { return Math.max(0, reader.announcedFrames()); }

        @Override double framesPerSecond() { return reader.framesPerSecond(); }

        @Override public void close() { reader.close(); }
    }
}
