package org.trt4j.networks.mvs;

import org.trt4j.error.UserError;
import org.trt4j.io.OutputFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Grayscale PFM ("Pf", little-endian: scale -1, rows from the bottom up), as MVSNet's tools write depth maps. */
public final class Pfm {
    private Pfm() {}

    /** values row-major from the top row, h x w. */
    public static void write(Path path, float[] values, int h, int w) {
        if (values.length != h * w) throw new IllegalArgumentException(values.length + " values for " + h + "x" + w);
        OutputFile.write(path, out -> {
            out.write(("Pf\n" + w + " " + h + "\n-1\n").getBytes(StandardCharsets.US_ASCII));
            ByteBuffer b = ByteBuffer.allocate(4 * w).order(ByteOrder.LITTLE_ENDIAN);
            for (int y = h - 1; y >= 0; y--) {
                b.clear();
                for (int x = 0; x < w; x++) b.putFloat(values[y * w + x]);
                out.write(b.array());
            }
        });
    }

    public record Image(int height, int width, float[] values) {}

    /** Reads a grayscale PFM of either byte order into rows from the top. */
    public static Image read(Path path) {
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UserError(path + ": cannot read (" + e.getMessage() + ")", e);
        }
        int[] pos = {0};
        String magic = token(all, pos, path), ws = token(all, pos, path), hs = token(all, pos, path), ss = token(all, pos, path);
        if (!magic.equals("Pf")) throw new UserError(path + ": not a grayscale PFM (magic '" + magic + "')");
        int w, h;
        double scale;
        try {
            w = Integer.parseInt(ws);
            h = Integer.parseInt(hs);
            scale = Double.parseDouble(ss);
        } catch (NumberFormatException e) {
            throw new UserError(path + ": bad PFM header '" + magic + " " + ws + " " + hs + " " + ss + "'");
        }
        pos[0]++; // the single whitespace after the scale
        if (w <= 0 || h <= 0 || (long) w * h * 4 != all.length - pos[0])
            throw new UserError(path + ": PFM header says " + w + "x" + h + ", the file has " + (all.length - pos[0]) + " data bytes");
        ByteBuffer b = ByteBuffer.wrap(all, pos[0], all.length - pos[0]).order(scale < 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        float[] v = new float[w * h];
        for (int y = h - 1; y >= 0; y--) for (int x = 0; x < w; x++) v[y * w + x] = b.getFloat();
        return new Image(h, w, v);
    }

    private static String token(byte[] a, int[] pos, Path path) {
        while (pos[0] < a.length && Character.isWhitespace(a[pos[0]])) pos[0]++;
        int start = pos[0];
        while (pos[0] < a.length && !Character.isWhitespace(a[pos[0]]) && pos[0] - start < 32) pos[0]++;
        if (start == pos[0]) throw new UserError(path + ": truncated PFM header");
        return new String(a, start, pos[0] - start, StandardCharsets.US_ASCII);
    }
}
