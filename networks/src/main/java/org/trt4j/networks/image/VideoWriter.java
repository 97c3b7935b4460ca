package org.trt4j.networks.image;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.trt4j.error.UserError;
import org.trt4j.io.OutputFile;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Set;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Writes RGB frames as H.264 (FFmpeg's libopenh264 encoder, 4:2:0, BT.709 limited range, as cameras and players
 * expect) into an MP4, MOV or MKV file, frame by frame in order. Frames must all have the size given, with even
 * sides (4:2:0). One owner of the native state: {@link #close()} finishes the file. Errors name the file.
 */
public final class VideoWriter implements AutoCloseable {
    /** Containers this writer picks by extension. */
    public static final Set<String> EXTENSIONS = Set.of("mp4", "mov", "mkv");
    private static final String ENCODER = "libopenh264";

    private final Path path;
    private final int width, height;
    private AVFormatContext format;
    private AVCodecContext encoder;
    private AVStream stream;
    private AVFrame yuv;
    private AVPacket packet;
    private SwsContext converter;
    private BytePointer rgb;
    private final int stride;
    private long frames;

    /** Whether {@code path} names a video file this writer makes (by its extension). */
    public static boolean isVideo(Path path) { return EXTENSIONS.contains(OutputFile.extension(path)); }

    /** Opens {@code path} for {@code width} x {@code height} frames at {@code fps} frames per second. */
    public VideoWriter(Path path, int width, int height, double fps) {
        this.path = path;
        this.width = width;
        this.height = height;
        if (width % 2 != 0 || height % 2 != 0)
            throw new UserError(path + ": H.264 (4:2:0) needs even frame sides, the frames are " + width + "x" + height);
        if (!(fps > 0) || fps > 1000) throw new UserError(path + ": frame rate " + fps + " is not in (0, 1000]");
        stride = Ffmpeg.rgbStride(width);
        Ffmpeg.require(path);
        try {
            format = new AVFormatContext(null);
            check(avformat_alloc_output_context2(format, null, null, path.toString()), "no container for this file name");
            AVCodec codec = avcodec_find_encoder_by_name(ENCODER);
            if (codec == null) throw new UserError(path + ": FFmpeg here has no " + ENCODER + " encoder");
            stream = avformat_new_stream(format, codec);
            encoder = avcodec_alloc_context3(codec);
            AVRational rate = av_d2q(fps, 100_000);
            encoder.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P).time_base(av_make_q(rate.den(), rate.num())).framerate(rate)
                    .bit_rate(Math.max(1_000_000L, (long) (0.15 * width * height * fps))).gop_size((int) Math.max(1, Math.round(fps * 2)));
            encoder.colorspace(AVCOL_SPC_BT709).color_primaries(AVCOL_PRI_BT709).color_trc(AVCOL_TRC_BT709).color_range(AVCOL_RANGE_MPEG);
            if ((format.oformat().flags() & AVFMT_GLOBALHEADER) != 0) encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "allow_skip_frames", "0", 0); // openh264's rate control would drop frames otherwise
            int opened = avcodec_open2(encoder, codec, options);
            av_dict_free(options);
            check(opened, "cannot open the " + ENCODER + " encoder");
            check(avcodec_parameters_from_context(stream.codecpar(), encoder), "stream parameters");
            stream.time_base(encoder.time_base());
            AVIOContext io = new AVIOContext(null);
            check(avio_open(io, path.toString(), AVIO_FLAG_WRITE), "cannot create the file");
            format.pb(io);
            check(avformat_write_header(format, (AVDictionary) null), "writing the header");
            yuv = av_frame_alloc();
            yuv.format(AV_PIX_FMT_YUV420P).width(width).height(height);
            check(av_frame_get_buffer(yuv, 0), "frame buffer");
            converter = sws_getContext(width, height, AV_PIX_FMT_RGB24, width, height, AV_PIX_FMT_YUV420P, SWS_BICUBIC | SWS_ACCURATE_RND,
                    null, null, (DoublePointer) null);
            sws_setColorspaceDetails(converter, sws_getCoefficients(SWS_CS_DEFAULT), 1, sws_getCoefficients(SWS_CS_ITU709), 0, 0, 1 << 16, 1 << 16);
            packet = av_packet_alloc();
            rgb = Ffmpeg.rgbBuffer(stride, height);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    /** Encodes the next frame (this writer's size). */
    public void write(BufferedImage image) {
        if (format == null) throw new IllegalStateException(path + ": the video writer is closed");
        if (image.getWidth() != width || image.getHeight() != height)
            throw new UserError(path + ": frame " + (frames + 1) + " is " + image.getWidth() + "x" + image.getHeight() + ", the video is " + width + "x" + height);
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        byte[] line = new byte[3 * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = argb[y * width + x];
                line[3 * x] = (byte) (p >> 16);
                line[3 * x + 1] = (byte) (p >> 8);
                line[3 * x + 2] = (byte) p;
            }
            rgb.position((long) y * stride).put(line);
        }
        rgb.position(0);
        check(av_frame_make_writable(yuv), "frame buffer");
        Ffmpeg.scaleFromRgb(converter, rgb, stride, yuv);
        yuv.pts(frames++);
        send(yuv);
    }

    /** Frames written so far. */
    public long frames() { return frames; }

    private void send(AVFrame frame) {
        check(avcodec_send_frame(encoder, frame), "encoding frame " + frames);
        while (avcodec_receive_packet(encoder, packet) == 0) {
            // one frame long: without a duration MP4's edit list ends at the last frame's start and players drop it
            if (packet.duration() == 0) packet.duration(1);
            av_packet_rescale_ts(packet, encoder.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(av_interleaved_write_frame(format, packet), "writing frame " + frames);
        }
    }

    /** Flushes the encoder and finishes the file. */
    @Override public void close() {
        if (format == null) return;
        try {
            send(null);
            check(av_write_trailer(format), "finishing the file");
        } finally {
            release();
        }
    }

    private void release() {
        if (format == null) return;
        Ffmpeg.free(converter, rgb, yuv, packet, encoder);
        if (!format.isNull()) {
            if (format.pb() != null && !format.pb().isNull()) avio_closep(format.pb());
            avformat_free_context(format);
        }
        format = null;
    }

    private void check(int result, String what) { Ffmpeg.check(path, result, what); }
}
