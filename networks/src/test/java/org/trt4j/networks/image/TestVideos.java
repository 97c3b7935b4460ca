package org.trt4j.networks.image;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/** Test videos written with FFmpeg's own encoders (what cameras and editors produce), e.g. H.264 in MP4 at 25 fps. */
final class TestVideos {
    private TestVideos() {}

    /** Encodes the frames (all one size, even sides) with {@code encoder} (e.g. libopenh264) into {@code file}. */
    static Path encode(Path file, List<BufferedImage> frames, String encoder) {
        int w = frames.get(0).getWidth(), h = frames.get(0).getHeight();
        AVFormatContext out = new AVFormatContext(null);
        check(avformat_alloc_output_context2(out, null, null, file.toString()), "output context");
        AVCodec codec = avcodec_find_encoder_by_name(encoder);
        if (codec == null) throw new IllegalStateException("no encoder " + encoder);
        AVStream stream = avformat_new_stream(out, codec);
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.width(w).height(h).pix_fmt(AV_PIX_FMT_YUV420P).time_base(av_make_q(1, 25)).framerate(av_make_q(25, 1)).bit_rate(4_000_000).gop_size(10);
        c.colorspace(AVCOL_SPC_BT709).color_range(AVCOL_RANGE_MPEG);
        if ((out.oformat().flags() & AVFMT_GLOBALHEADER) != 0) c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "allow_skip_frames", "0", 0); // openh264's rate control would drop frames otherwise
        check(avcodec_open2(c, codec, options), "open encoder");
        av_dict_free(options);
        check(avcodec_parameters_from_context(stream.codecpar(), c), "stream parameters");
        stream.time_base(c.time_base());
        AVIOContext io = new AVIOContext(null);
        check(avio_open(io, file.toString(), AVIO_FLAG_WRITE), "open file");
        out.pb(io);
        check(avformat_write_header(out, (AVDictionary) null), "header");
        AVFrame yuv = av_frame_alloc();
        yuv.format(AV_PIX_FMT_YUV420P).width(w).height(h);
        check(av_frame_get_buffer(yuv, 0), "frame buffer");
        SwsContext sws = sws_getContext(w, h, AV_PIX_FMT_RGB24, w, h, AV_PIX_FMT_YUV420P, SWS_BICUBIC | SWS_ACCURATE_RND, null, null, (DoublePointer) null);
        sws_setColorspaceDetails(sws, sws_getCoefficients(SWS_CS_DEFAULT), 1, sws_getCoefficients(SWS_CS_ITU709), 0, 0, 1 << 16, 1 << 16);
        AVPacket packet = av_packet_alloc();
        int stride = (3 * w + 63) & ~63;
        try (BytePointer rgb = new BytePointer((long) stride * h + 64);
             PointerPointer<?> planes = new PointerPointer<>(4).put(0, rgb);
             IntPointer strides = new IntPointer(new int[]{stride, 0, 0, 0})) {
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage f = frames.get(i);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        int p = f.getRGB(x, y);
                        long at = (long) y * stride + 3L * x;
                        rgb.put(at, (byte) (p >> 16)).put(at + 1, (byte) (p >> 8)).put(at + 2, (byte) p);
                    }
                check(av_frame_make_writable(yuv), "writable frame");
                sws_scale(sws, planes, strides, 0, h, yuv.data(), yuv.linesize());
                yuv.pts(i);
                send(out, c, stream, yuv, packet);
            }
            send(out, c, stream, null, packet);
        }
        check(av_write_trailer(out), "trailer");
        sws_freeContext(sws);
        av_frame_free(yuv);
        av_packet_free(packet);
        avcodec_free_context(c);
        avio_closep(out.pb());
        avformat_free_context(out);
        return file;
    }

    private static void send(AVFormatContext out, AVCodecContext c, AVStream stream, AVFrame frame, AVPacket packet) {
        check(avcodec_send_frame(c, frame), "encode");
        while (avcodec_receive_packet(c, packet) == 0) {
            // one frame long: without a duration MP4's edit list ends at the last frame's start and demuxers drop it
            if (packet.duration() == 0) packet.duration(1);
            av_packet_rescale_ts(packet, c.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(av_interleaved_write_frame(out, packet), "write packet");
        }
    }

    private static void check(int r, String what) {
        if (r < 0) throw new IllegalStateException("FFmpeg " + what + ": error " + r);
    }

}
