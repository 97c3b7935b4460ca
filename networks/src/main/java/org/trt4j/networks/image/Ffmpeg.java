package org.trt4j.networks.image;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
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

/** What VideoReader and VideoWriter share: loading FFmpeg, its errors as UserErrors naming the file, freeing a codec's state. */
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

    /** Frees whichever of these exist (nulls skipped). */
    static void free(SwsContext converter, BytePointer rgb, AVFrame frame, AVPacket packet, AVCodecContext codec) {
        if (converter != null) sws_freeContext(converter);
        if (rgb != null) rgb.close();
        if (frame != null) av_frame_free(frame);
        if (packet != null) av_packet_free(packet);
        if (codec != null) avcodec_free_context(codec);
    }
}
