package org.trt4j.runtime.cli;

import org.trt4j.runtime.tensor.HostTensor;

import org.trt4j.io.OutputFile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes host tensors as a NumPy .npz (float32 '<f4' or int32 '<i4' arrays, NPY format 1.0), readable by numpy.load. */
public final class NpzWriter {
    private NpzWriter() {}

    /** One array as a .npy file (what `bench --reference` reads). */
    public static void writeNpy(Path file, HostTensor t) throws IOException {
        OutputFile.write(file, out -> writeNpy(out, t));
    }

    static void write(Path file, Map<String, HostTensor> tensors) throws IOException {
        OutputFile.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (var e : tensors.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                writeNpy(zip, e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    static void writeNpy(OutputStream out, HostTensor t) throws IOException {
        boolean floating = t.dtype().isFloating();
        StringBuilder shape = new StringBuilder("(");
        for (int d : t.shape()) shape.append(d).append(", ");
        if (t.shape().length > 1) shape.setLength(shape.length() - 2);
        else if (t.shape().length == 1) shape.setLength(shape.length() - 1);
        shape.append(')');
        String dict = "{'descr': '" + (floating ? "<f4" : "<i4") + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.write(head.array());
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer data = ByteBuffer.allocate(t.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        if (floating) data.asFloatBuffer().put(t.floats());
        else data.asIntBuffer().put(t.ints());
        out.write(data.array());
    }
}
