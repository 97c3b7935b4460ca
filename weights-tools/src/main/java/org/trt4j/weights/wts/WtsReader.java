package org.trt4j.weights.wts;

import org.trt4j.error.Excerpts;
import org.trt4j.error.UserError;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightTensor;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the tensorrtx {@code .wts} text format: the tensor count on the first line, then one line per tensor,
 * {@code name count v1 ... vN}, each value the float32 bit pattern in hex, most significant digit first. Either hex
 * case, runs of spaces or tabs, and CRLF line ends are accepted; every value is exactly 8 hex digits (a shorter one, e.g. a file cut off in the
 * middle of its last token, is an error, never a silently different value).
 *
 * <p>Speed matters (a YOLOv3 file is ~560 MB of text): the bytes are read in large blocks into one array and
 * parsed by hand — no String per token — and the values land in direct native-order buffers for TensorRT.
 */
public final class WtsReader {
    private static final int BLOCK = 1 << 22;
    private static final int BAD = 0x100;
    private static final int[] HEX = new int[256];
    static {
        java.util.Arrays.fill(HEX, BAD);
        for (int i = 0; i < 10; i++) HEX['0' + i] = i;
        for (int i = 0; i < 6; i++) { HEX['a' + i] = 10 + i; HEX['A' + i] = 10 + i; }
    }

    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long ONES = 0x0101010101010101L, HIGH = 0x8080808080808080L;

    private final Path file;
    private final InputStream in;
    private final long fileSize;
    private byte[] buf = new byte[BLOCK];
    private int pos, limit;
    private long consumedBefore; // file offset of buf[0]
    private boolean eof;
    private int line = 1;
    private final int[] scratch = new int[1 << 14];

    private WtsReader(Path file, InputStream in, long fileSize) {
        this.file = file;
        this.in = in;
        this.fileSize = fileSize;
    }

    /** Reads a whole .wts file. */
    public static WeightMap read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new WtsReader(file, in, Files.size(file)).readAll();
        } catch (IOException e) {
            throw UserError.cannotRead(file, e);
        }
    }

    private WeightMap readAll() throws IOException {
        skipBlankLines();
        if (atEof()) throw error("empty file: expected the tensor count on the first line");
        int headerLine = line;
        String headerToken = token();
        long declared = parseDecimal(headerToken);
        skipBlanks();
        if (declared < 0 || !atLineEnd())
            throw error(headerLine, "bad header: expected the tensor count alone on the first line, found '"
                    + Excerpts.quote(headerToken + (atLineEnd() ? "" : " " + token())) + "'");
        endLine();
        WeightMap.Builder map = WeightMap.builder(file.toString());
        for (long i = 0; i < declared; i++) {
            skipBlankLines();
            if (atEof())
                throw error("truncated file: the header declares " + declared + " tensors, the file ends after " + i);
            readTensor(map);
        }
        skipBlankLines();
        if (!atEof())
            throw error("more tensors than the " + declared + " the header (line " + headerLine + ") declares: '"
                    + Excerpts.quote(token()) + "'");
        return map.build();
    }

    private void readTensor(WeightMap.Builder map) throws IOException {
        String name = token();
        if (!Excerpts.isPrintable(name)) throw error("bad tensor name '" + Excerpts.quote(name) + "' (printable text expected)");
        if (map.contains(name)) throw error("duplicate tensor name '" + name + "'");
        skipBlanks();
        if (atLineEnd()) throw error("bad count: tensor '" + name + "' has no value count");
        String countToken = token();
        long count = parseDecimal(countToken);
        if (count < 0) throw error("bad count: tensor '" + name + "' count '" + Excerpts.quote(countToken) + "' is not a non-negative integer");
        if (count > Integer.MAX_VALUE / 4) throw error("bad count: tensor '" + name + "' declares " + count + " values, more than one buffer holds");
        long remaining = fileSize - (consumedBefore + pos);
        if (count * 2 > remaining) // each value needs at least a separator and one digit
            throw error("truncated file: tensor '" + name + "' declares " + count + " values but only " + remaining
                    + " bytes remain in the file");
        ByteBuffer data = ByteBuffer.allocateDirect((int) count * 4).order(ByteOrder.nativeOrder());
        IntBuffer out = data.asIntBuffer();
        readValues(name, (int) count, out);
        skipBlanks();
        if (!atLineEnd()) {
            int extra = 0;
            while (!atLineEnd()) { token(); extra++; skipBlanks(); }
            throw error("tensor '" + name + "' declares " + count + " values but the line holds " + (count + extra));
        }
        endLine();
        map.put(new WeightTensor(name, data, null));
    }

    private void readValues(String name, int count, IntBuffer out) throws IOException {
        int n = 0, filled = 0;
        while (n < count) {
            if (limit - pos < 32 && !eof) fill(32);
            byte[] b = buf;
            int p = pos;
            // hot loop: " XXXXXXXX" followed by a blank or line end, 8 digits checked and decoded at once
            while (n < count && limit - p >= 10) {
                byte c = b[p];
                if (c != ' ' && c != '\t') break; // line end or a token without a leading blank: careful path
                long x = (long) BIG_ENDIAN_LONG.get(b, p + 1);
                byte sep = b[p + 9];
                if (!allHexDigits(x) || !(sep == ' ' || sep == '\n' || sep == '\r' || sep == '\t')) break;
                scratch[filled++] = hexValue(x);
                p += 9;
                n++;
                if (filled == scratch.length) { out.put(scratch, 0, filled); filled = 0; }
            }
            pos = p;
            if (n == count) break;
            if (limit - pos >= 10 || eof) {
                // careful path: one token of any length, or a line end / end of file
                skipBlanks();
                if (atEof()) throw error("truncated file: tensor '" + name + "' declares " + count + " values, the file ends after " + n);
                if (atLineEnd()) throw error("tensor '" + name + "' declares " + count + " values but the line holds " + n);
                scratch[filled++] = hexToken(name, n);
                n++;
                if (filled == scratch.length) { out.put(scratch, 0, filled); filled = 0; }
            }
        }
        out.put(scratch, 0, filled);
    }

    /** One token of exactly 8 hex digits at pos, up to the next blank or line end. */
    private int hexToken(String name, int index) throws IOException {
        fill(10); // the token (at most 8 digits) and its terminator now lie in the block, unless the file ends
        int start = pos, v = 0, len = 0;
        while (pos < limit) {
            byte c = buf[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') break;
            int d = HEX[c & 0xff];
            if (d == BAD || len == 8) break;
            v = v << 4 | d;
            len++;
            pos++;
        }
        boolean terminated = pos == limit || isBlankOrLineEnd(buf[pos]);
        if (len != 8 || !terminated) {
            pos = start;
            String token = Excerpts.quote(token());
            if (terminated && len < 8 && atEof())
                throw error("truncated file: the last token '" + token + "' (value " + index + " of tensor '" + name
                        + "') has " + len + " hex digits, not 8");
            throw error((terminated && len < 8 ? "short token '" : "non-hex token '") + token + "' as value " + index
                    + " of tensor '" + name + "' (expected 8 hex digits)");
        }
        return v;
    }

    private static boolean isBlankOrLineEnd(byte c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

    /** Whether each of the 8 bytes of x is 0-9, a-f or A-F (SWAR: per-byte range tests without carries). */
    static boolean allHexDigits(long x) {
        if ((x & HIGH) != 0) return false;
        long lower = x | 0x2020202020202020L; // A-F to a-f; digits unchanged
        long digit = atLeast(x, 0x30) & ~atLeast(x, 0x3a);
        long letter = atLeast(lower, 0x61) & ~atLeast(lower, 0x67);
        return ((digit | letter) & HIGH) == HIGH;
    }

    /** High bit of each byte set iff that byte (all below 0x80) is at least c. */
    private static long atLeast(long x, int c) {
        return (x + (0x80 - c) * ONES) & HIGH;
    }

    /** The 32-bit value of 8 hex digits (validated), first digit most significant. */
    static int hexValue(long x) {
        long v = (x & 0x0f0f0f0f0f0f0f0fL) + ((x & 0x4040404040404040L) >>> 6) * 9; // one nibble per byte
        v = (v | (v >>> 4)) & 0x00ff00ff00ff00ffL;
        v = (v | (v >>> 8)) & 0x0000ffff0000ffffL;
        return (int) (v | (v >>> 16));
    }

    // ---- lexing helpers (not on the hot path) ----

    private boolean atEof() throws IOException { return pos == limit && !fill(1); }

    private boolean atLineEnd() throws IOException {
        if (atEof()) return true;
        byte c = buf[pos];
        return c == '\n' || c == '\r';
    }

    private void skipBlanks() throws IOException {
        while (!atEof() && (buf[pos] == ' ' || buf[pos] == '\t')) pos++;
    }

    /** Consumes an optional CR and the LF (or end of file) ending the current line. */
    private void endLine() throws IOException {
        if (atEof()) return;
        if (buf[pos] == '\r') pos++;
        if (!atEof() && buf[pos] == '\n') { pos++; line++; }
    }

    private void skipBlankLines() throws IOException {
        while (true) {
            skipBlanks();
            if (atEof()) return;
            byte c = buf[pos];
            if (c == '\r') { pos++; continue; }
            if (c != '\n') return;
            pos++;
            line++;
        }
    }

    /** The next run of non-blank bytes (at most 4096 are kept in the message). */
    private String token() throws IOException {
        StringBuilder sb = null;
        int start = pos;
        while (true) {
            if (pos == limit) {
                sb = append(sb, start, pos);
                boolean more = fill(1);
                start = pos; // the bytes so far are in sb
                if (!more) break;
            }
            byte c = buf[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') break;
            pos++;
        }
        String s = sb == null ? new String(buf, start, pos - start, StandardCharsets.UTF_8) : append(sb, start, pos).toString();
        return s.length() > 4096 ? s.substring(0, 4096) + "..." : s;
    }

    private StringBuilder append(StringBuilder sb, int from, int to) {
        if (sb == null) sb = new StringBuilder();
        if (sb.length() < 8192) sb.append(new String(buf, from, to - from, StandardCharsets.UTF_8));
        return sb;
    }

    private static long parseDecimal(String s) {
        if (s.isEmpty() || s.length() > 18) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Makes at least {@code want} bytes available from pos, unless the file ends first; returns whether any byte is
     * available. Unread bytes move to the front of the block (they are fewer than {@code want}).
     */
    private boolean fill(int want) throws IOException {
        if (limit - pos >= want) return true;
        if (eof) return pos < limit;
        int keep = limit - pos;
        System.arraycopy(buf, pos, buf, 0, keep);
        consumedBefore += pos;
        pos = 0;
        limit = keep;
        while (limit < want || limit < buf.length / 2) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) { eof = true; break; }
            limit += r;
        }
        return pos < limit;
    }

    private UserError error(String message) { return error(line, message); }

    private UserError error(int atLine, String message) { return new UserError(file + ":" + atLine + ": " + message); }
}
