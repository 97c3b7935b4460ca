package org.trt4j.networks.image;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.trt4j.error.UserError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;

/**
 * What VideoReader and VideoWriter share: loading FFmpeg, its errors as UserErrors naming the file, packed RGB24
 * buffers for swscale, freeing a codec's state.
 */
final class Ffmpeg {
    private Ffmpeg() {}

    /** Loads FFmpeg's libraries (once), or one error naming the file that needed them. */
    static void require(Path path) {
        try {
            av_log_set_level(AV_LOG_ERROR); // FFmpeg's warnings would break the progress line
        } catch (LinkageError e) { // the class's static initializer loads the natives
            throw new UserError(path + ": video files need FFmpeg's native libraries (org.bytedeco:ffmpeg:7.1-1.5.11 for this "
                    + "platform on the class path; the ./trt4j launcher has them); use a directory of frames instead (" + e.getMessage() + ")", e);
        }
    }

    /** Throws {@code path: what (FFmpeg: its message)} for a negative FFmpeg result. */
    static void check(Path path, int result, String what) {
        if (result >= 0) return;
        byte[] message = new byte[256];
        av_strerror(result, message, message.length);
        int n = 0;
        while (n < message.length && message[n] != 0) n++;
        throw new UserError(path + ": " + what + " (FFmpeg: " + new String(message, 0, n, StandardCharsets.UTF_8) + ")");
    }

    /** Bytes per line of a packed RGB24 buffer: 64-byte aligned, as swscale's SIMD paths write past a line's end. */
    static int rgbStride(int width) { return (3 * width + 63) & ~63; }

    /** A packed RGB24 buffer of {@code height} lines of {@code stride} bytes, with slack after the last line. */
    static BytePointer rgbBuffer(int stride, int height) { return new BytePointer((long) stride * height + 64); }

    /** Converts a decoded frame into the packed RGB24 buffer. */
    static void scaleToRgb(SwsContext converter, AVFrame from, BytePointer rgb, int stride) {
        try (PointerPointer<?> planes = packed(rgb); IntPointer strides = packedStrides(stride)) {
            swscale.sws_scale(converter, from.data(), from.linesize(), 0, from.height(), planes, strides);
        }
    }

    /** Converts the packed RGB24 buffer into a frame to encode. */
    static void scaleFromRgb(SwsContext converter, BytePointer rgb, int stride, AVFrame to) {
        try (PointerPointer<?> planes = packed(rgb); IntPointer strides = packedStrides(stride)) {
            swscale.sws_scale(converter, planes, strides, 0, to.height(), to.data(), to.linesize());
        }
    }

    // swscale reads four plane pointers and strides, whatever the format
    private static PointerPointer<?> packed(BytePointer rgb) { return new PointerPointer<>(4).put(0, rgb); }

    private static IntPointer packedStrides(int stride) { return new IntPointer(new int[]{stride, 0, 0, 0}); }

    /** Frees whichever of these exist (nulls skipped). */
    static void free(SwsContext converter, BytePointer rgb, AVFrame frame, AVPacket packet, AVCodecContext codec) {
        if (converter != null) sws_freeContext(converter);
        if (rgb != null) rgb.close();
        if (frame != null) av_frame_free(frame);
        if (packet != null) av_packet_free(packet);
        if (codec != null) avcodec_free_context(codec);
    }
}
