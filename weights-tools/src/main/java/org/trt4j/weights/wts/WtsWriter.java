package org.trt4j.weights.wts;

import org.trt4j.io.OutputFile;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightTensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes the tensorrtx {@code .wts} format in one canonical form: the count, then per tensor
 * {@code name count v1 ... vN} separated by single spaces, each value 8 lowercase hex digits of the float32 bit
 * pattern (what Python's {@code struct.pack('>f', v).hex()} gives), LF line ends. gen_wts.py writes the same bytes.
 * Bit patterns are copied, so -0.0, NaN payloads, subnormals and infinities round-trip exactly.
 */
public final class WtsWriter {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int BLOCK = 1 << 20;

    private WtsWriter() {}

    /** Writes through a temporary file moved into place: a failed write leaves no partial .wts (a UserError says why). */
    public static void write(WeightMap weights, Path file) throws IOException {
        OutputFile.write(file, out -> write(weights, out));
    }

    public static void write(WeightMap weights, OutputStream out) throws IOException {
        byte[] buf = new byte[BLOCK];
        int n = putAscii(buf, 0, weights.size() + "\n");
        int[] chunk = new int[4096];
        for (WeightTensor t : weights.tensors()) {
            out.write(buf, 0, n);
            n = 0;
            out.write((t.name() + " " + t.count()).getBytes(StandardCharsets.UTF_8));
            IntBuffer bits = t.bytes().asIntBuffer();
            while (bits.hasRemaining()) {
                int k = Math.min(chunk.length, bits.remaining());
                bits.get(chunk, 0, k);
                if (n + k * 9 > buf.length) { out.write(buf, 0, n); n = 0; }
                for (int i = 0; i < k; i++) {
                    int v = chunk[i];
                    buf[n] = ' ';
                    buf[n + 1] = DIGITS[v >>> 28];
                    buf[n + 2] = DIGITS[(v >>> 24) & 15];
                    buf[n + 3] = DIGITS[(v >>> 20) & 15];
                    buf[n + 4] = DIGITS[(v >>> 16) & 15];
                    buf[n + 5] = DIGITS[(v >>> 12) & 15];
                    buf[n + 6] = DIGITS[(v >>> 8) & 15];
                    buf[n + 7] = DIGITS[(v >>> 4) & 15];
                    buf[n + 8] = DIGITS[v & 15];
                    n += 9;
                }
            }
            buf[n++] = '\n';
        }
        out.write(buf, 0, n);
        out.flush();
    }

    private static int putAscii(byte[] buf, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, buf, at, b.length);
        return at + b.length;
    }
}
