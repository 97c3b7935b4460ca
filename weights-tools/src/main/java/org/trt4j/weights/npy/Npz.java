package org.trt4j.weights.npy;

import org.trt4j.error.Excerpts;
import org.trt4j.error.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Reads NumPy {@code .npz} archives (as written by numpy.savez / savez_compressed) and {@code .npy} files. */
public final class Npz {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** More than this many bytes per archive byte can only be a corrupt (or hostile) archive; savez of zeros gives ~1000. */
    private static final long MAX_COMPRESSION = 2000;

    private Npz() {}

    private static int[] shape(String where, String dims) {
        String[] parts = dims.split(",");
        int[] shape = new int[parts.length];
        int n = 0;
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) continue;
            if (!t.matches("\\d{1,9}")) throw new UserError(where + ": bad .npy shape (" + Excerpts.quote(dims) + ")");
            shape[n++] = Integer.parseInt(t);
        }
        return java.util.Arrays.copyOf(shape, n);
    }

    /** All arrays of an .npz file, by name (the .npy suffix removed), in file order. */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        long budget = Files.size(file) * MAX_COMPRESSION + (1 << 20);
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String entry = Excerpts.quote(e.getName()); // for messages; the name itself is kept whole
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, budget + 1));
                budget -= bytes.length;
                if (budget < 0)
                    throw new UserError(file + ":" + entry + ": expands past " + MAX_COMPRESSION + " times the archive's size; a corrupt archive");
                out.put(name, parse(file + ":" + entry, name, bytes));
            }
        } catch (IOException e) {
            throw UserError.cannotRead(file, e);
        } catch (IllegalArgumentException e) { // java.util.zip's answer to an entry name that is not UTF-8
            throw new UserError(file + ": corrupt archive (" + Excerpts.quote(String.valueOf(e.getMessage())) + ")", e);
        }
        if (out.isEmpty()) throw new UserError(file + ": not an .npz archive, or it holds no arrays");
        return out;
    }

    /** One .npy file. */
    public static NpyArray readNpy(Path file) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.npy$", "");
        try {
            return parse(file.toString(), name, Files.readAllBytes(file));
        } catch (IOException e) {
            throw UserError.cannotRead(file, e);
        }
    }

    static NpyArray parse(String where, String name, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || bytes[0] != (byte) 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY"))
            throw new UserError(where + ": not a .npy array (bad magic)");
        int major = bytes[6];
        if (major < 1 || major > 3) throw new UserError(where + ": unsupported .npy version " + major);
        int headerStart = major == 1 ? 10 : 12;
        if (bytes.length < headerStart) throw new UserError(where + ": truncated .npy header");
        long headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : Integer.toUnsignedLong(b.getInt(8));
        if (headerLen > bytes.length - headerStart)
            throw new UserError(where + ": .npy header declares " + headerLen + " bytes, " + (bytes.length - headerStart) + " present");
        int dataStart = headerStart + (int) headerLen;
        String header = new String(bytes, headerStart, (int) headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new UserError(where + ": unreadable .npy header '" + Excerpts.quote(header.trim()) + "'");
        if (f.group(1).equals("True")) throw new UserError(where + ": Fortran-order arrays are not supported");
        int[] shape = shape(where, s.group(1));
        long count = 1;
        for (int dim : shape) count = Math.multiplyHigh(count, dim) == 0 ? count * dim : Long.MAX_VALUE;
        char kind = d.group(2).charAt(0);
        if (d.group(3).length() > 1) throw new UserError(where + ": unsupported dtype " + Excerpts.quote(d.group(0)));
        int width = Integer.parseInt(d.group(3));
        if (count > Integer.MAX_VALUE - 8 || count * width < 0)
            throw new UserError(where + ": shape " + java.util.Arrays.toString(shape) + " holds more values than one array can");
        if (d.group(1).equals(">")) b.order(ByteOrder.BIG_ENDIAN);
        if (width == 0 || (long) bytes.length - dataStart < count * width)
            throw new UserError(where + ": truncated: " + count + " values of " + width + " bytes declared, "
                    + (bytes.length - dataStart) + " bytes present");
        b.position(dataStart);
        int n = (int) count;
        switch (kind) {
            case 'f': {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (width) {
                        case 2 -> org.trt4j.weights.Half.toFloat(b.getShort());
                        case 4 -> b.getFloat();
                        case 8 -> (float) b.getDouble();
                        default -> throw new UserError(where + ": unsupported float width " + width);
                    };
                }
                return new NpyArray(name, shape, v, null);
            }
            case 'i': case 'u': case 'b': {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    long x = switch (width) {
                        case 1 -> kind == 'i' ? b.get() : Byte.toUnsignedInt(b.get());
                        case 2 -> kind == 'i' ? b.getShort() : Short.toUnsignedInt(b.getShort());
                        case 4 -> kind == 'u' ? Integer.toUnsignedLong(b.getInt()) : b.getInt();
                        case 8 -> b.getLong();
                        default -> throw new UserError(where + ": unsupported integer width " + width);
                    };
                    if (x != (int) x) throw new UserError(where + ": value " + x + " at index " + i + " does not fit int32");
                    v[i] = (int) x;
                }
                return new NpyArray(name, shape, null, v);
            }
            default:
                throw new UserError(where + ": unsupported dtype " + d.group(0));
        }
    }

}
