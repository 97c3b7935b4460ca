package org.trt4j.networks.image;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * The frames of a video file (anything FFmpeg 7.1 demuxes and decodes: MP4/MOV/MKV/WebM/AVI, H.264, HEVC, VP9, AV1,
 * GIF, ...) in decoding order, as 1x3xHxW float RGB in 0..1 like {@link RgbImage#toTensor}. YUV is converted with the
 * stream's own matrix and range (BT.709 assumed for unlabelled HD, as players do), and frames are turned upright by the
 * stream's display matrix (phone videos are stored sideways), as ffmpeg's command line does. One owner of the native
 * state: close it. Errors name the file.
 */
public final class VideoReader implements AutoCloseable {
    /** AVERROR(EAGAIN) on Linux, the only platforms trt4j builds for (the preset exports no EAGAIN). */
    private static final int AVERROR_EAGAIN = -11;

    private final Path path;
    private final long maxPixels;
    private AVFormatContext format;
    private AVCodecContext decoder;
    private AVPacket packet;
    private AVFrame frame;
    private SwsContext converter;
    private BytePointer rgb;
    private final int stream;
    private final int quarterTurns;
    private int width = -1, height = -1, pixelFormat = -1, stride;
    private boolean draining, ended;
    private int decoded;

    /** Opens the file and its best video stream; frames larger than {@code maxPixels} are refused. */
    public VideoReader(Path path, long maxPixels) {
        this.path = path;
        this.maxPixels = maxPixels;
        if (!Files.isRegularFile(path)) throw new UserError(path + ": no such video file");
        Ffmpeg.require(path);
        try {
            format = new AVFormatContext(null);
            check(avformat_open_input(format, path.toString(), null, null), "not a video FFmpeg can open");
            check(avformat_find_stream_info(format, (PointerPointer<?>) null), "no stream information");
            stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (stream < 0) throw new UserError(path + ": has no video stream");
            AVStream video = format.streams(stream);
            AVCodecParameters parameters = video.codecpar();
            AVCodec codec = avcodec_find_decoder(parameters.codec_id());
            if (codec == null) throw new UserError(path + ": no decoder for its " + avcodec_get_name(parameters.codec_id()).getString() + " video");
            decoder = avcodec_alloc_context3(codec);
            check(avcodec_parameters_to_context(decoder, parameters), "codec parameters");
            decoder.thread_count(0); // one decoding thread per core
            check(avcodec_open2(decoder, codec, (AVDictionary) null), "cannot open the " + codec.name().getString() + " decoder");
            quarterTurns = quarterTurns(parameters);
            packet = av_packet_alloc();
            frame = av_frame_alloc();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The stream's average frame rate (its nominal rate when it gives none, 25 when neither is known). */
    public double framesPerSecond() {
        AVStream video = format.streams(stream);
        for (AVRational r : new AVRational[]{video.avg_frame_rate(), video.r_frame_rate()})
            if (r.num() > 0 && r.den() > 0) return av_q2d(r);
        return 25;
    }

    /** Frames the container announces (0 when it does not say; a stream may still hold fewer or more). */
    public long announcedFrames() { return format.streams(stream).nb_frames(); }

    /** Clockwise quarter turns applied to every frame to show it upright (0..3). */
    public int quarterTurns() { return quarterTurns; }

    /** The next frame, or null after the last one. */
    public HostTensor next() {
        if (format == null) throw new IllegalStateException(path + ": the video reader is closed");
        if (ended) return null;
        while (true) {
            int r = avcodec_receive_frame(decoder, frame);
            if (r == 0) {
                try {
                    decoded++;
                    return toTensor();
                } finally {
                    av_frame_unref(frame);
                }
            }
            if (r == AVERROR_EOF) {
                ended = true;
                return null;
            }
            if (r != AVERROR_EAGAIN) check(r, "decoding frame " + (decoded + 1));
            feed();
        }
    }

    /** Sends the decoder the stream's next packet, or the end of the stream. */
    private void feed() {
        if (draining) throw new IllegalStateException(path + ": the decoder asked for input after the end of the stream");
        while (true) {
            int r = av_read_frame(format, packet);
            if (r == AVERROR_EOF) {
                draining = true;
                check(avcodec_send_packet(decoder, null), "ending the stream");
                return;
            }
            check(r, "reading after frame " + decoded);
            try {
                if (packet.stream_index() != stream) continue;
                check(avcodec_send_packet(decoder, packet), "decoding frame " + (decoded + 1));
                return;
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private HostTensor toTensor() {
        int w = frame.width(), h = frame.height();
        if (converter == null) {
            if ((long) w * h > maxPixels) throw new UserError(path + ": " + w + "x" + h + " frames exceed " + maxPixels + " pixels");
            width = w;
            height = h;
            pixelFormat = frame.format();
            converter = sws_getContext(w, h, pixelFormat, w, h, AV_PIX_FMT_RGB24, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                    null, null, (DoublePointer) null);
            if (converter == null) throw new UserError(path + ": cannot convert its " + av_get_pix_fmt_name(pixelFormat).getString() + " frames to RGB");
            sws_setColorspaceDetails(converter, sws_getCoefficients(matrix(frame.colorspace(), h)), fullRange(frame) ? 1 : 0,
                    sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
            stride = Ffmpeg.rgbStride(w);
            rgb = Ffmpeg.rgbBuffer(stride, h);
        } else if (w != width || h != height || frame.format() != pixelFormat) {
            throw new UserError(path + ": frame " + decoded + " is " + w + "x" + h + ", the first was " + width + "x" + height
                    + "; all frames must have one size and format");
        }
        Ffmpeg.scaleToRgb(converter, frame, rgb, stride);
        int plane = w * h;
        byte[] line = new byte[3 * w];
        int[] argb = new int[plane];
        for (int y = 0; y < h; y++) {
            rgb.position((long) y * stride).get(line);
            for (int x = 0, i = y * w; x < w; x++, i++) argb[i] = (line[3 * x] & 0xff) << 16 | (line[3 * x + 1] & 0xff) << 8 | line[3 * x + 2] & 0xff;
        }
        rgb.position(0);
        if (quarterTurns == 0) return RgbImage.toTensor(argb, h, w);
        // through the photos' EXIF turn: 90 degrees clockwise is orientation 6, 180 is 3, 270 is 8
        BufferedImage stored = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        stored.setRGB(0, 0, w, h, argb, 0, w);
        return RgbImage.toTensor(ExifOrientation.upright(stored, new int[]{1, 6, 3, 8}[quarterTurns]));
    }

    /**
     * swscale's matrix for the frame's AVColorSpace (sws_getCoefficients takes those values); unlabelled or unknown:
     * BT.709 from 720 lines up, BT.601 below, as players assume.
     */
    static int matrix(int colorspace, int height) {
        if (colorspace == AVCOL_SPC_BT709 || colorspace == AVCOL_SPC_FCC || colorspace == AVCOL_SPC_BT470BG || colorspace == AVCOL_SPC_SMPTE170M
                || colorspace == AVCOL_SPC_SMPTE240M || colorspace == AVCOL_SPC_BT2020_NCL || colorspace == AVCOL_SPC_BT2020_CL) return colorspace;
        return height >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601;
    }

    private static boolean fullRange(AVFrame f) {
        int p = f.format();
        return f.color_range() == AVCOL_RANGE_JPEG || p == AV_PIX_FMT_YUVJ420P || p == AV_PIX_FMT_YUVJ422P || p == AV_PIX_FMT_YUVJ444P
                || p == AV_PIX_FMT_YUVJ440P || p == AV_PIX_FMT_YUVJ411P;
    }

    private static int quarterTurns(AVCodecParameters parameters) {
        AVPacketSideData side = av_packet_side_data_get(parameters.coded_side_data(), parameters.nb_coded_side_data(), AV_PKT_DATA_DISPLAYMATRIX);
        if (side == null || side.isNull() || side.size() < 36) return 0;
        return quarterTurns(new IntPointer(side.data()));
    }

    /**
     * Clockwise quarter turns that show a frame upright, from its 3x3 display matrix: FFmpeg's rotation angle is
     * counterclockwise, so the picture turns clockwise by as much (what ffmpeg's autorotate does); other angles round.
     */
    static int quarterTurns(IntPointer displayMatrix) {
        double degrees = -av_display_rotation_get(displayMatrix);
        return Double.isNaN(degrees) ? 0 : Math.floorMod((int) Math.round(degrees / 90.0), 4);
    }

    private void check(int result, String what) { Ffmpeg.check(path, result, what); }

    /** Frees the native state once; later calls do nothing. */
    @Override public void close() {
        if (format == null) return;
        Ffmpeg.free(converter, rgb, frame, packet, decoder);
        if (!format.isNull()) avformat_close_input(format);
        format = null;
    }
}
