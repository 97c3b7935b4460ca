package org.trt4j.io;

import org.trt4j.error.UserError;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Every file trt4j writes goes through here: the bytes go to a temporary file beside the target, which is moved into
 * place only when writing succeeded, so a failed run never leaves a half-written output. A target that is a
 * directory or lies where nothing can be written is a {@link UserError} naming it.
 */
public final class OutputFile {
    /** Writes the content to the temporary file it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /** Writes the content to a stream. */
    @FunctionalInterface
    public interface StreamContent {
        void writeTo(OutputStream out) throws IOException;
    }

    private OutputFile() {}

    public static void write(Path target, StreamContent content) {
        writeVia(target, temporary -> {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
        });
    }

    /** For writers that take a file (ImageIO, Jackson): they write the temporary file, which then replaces the target. */
    public static void writeVia(Path target, Content content) {
        Path parent = checkWritable(target);
        Path temporary;
        try {
            temporary = Files.createTempFile(parent, "." + target.getFileName(), ".part");
        } catch (IOException e) {
            throw new UserError(target + ": cannot write here (" + describe(e) + ")", e);
        }
        try {
            content.writeTo(temporary);
            moveIntoPlace(temporary, target);
        } catch (IOException e) {
            throw new UserError(target + ": cannot write (" + describe(e) + ")", e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the temporary file was moved, or its directory vanished: nothing left to clean
            }
        }
    }

    /** Checks the target before any work is done for it; creates its parent directories; returns the parent. */
    public static Path checkWritable(Path target) {
        if (target.getFileName() == null) throw new UserError(target + ": not a file name");
        if (Files.isDirectory(target)) throw new UserError(target + ": is a directory; give a file name to write");
        Path parent = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UserError(target + ": cannot create its directory " + parent + " (" + describe(e) + ")", e);
        }
        if (!Files.isWritable(parent)) throw new UserError(target + ": directory " + parent + " is not writable");
        if (Files.exists(target) && !Files.isWritable(target)) throw new UserError(target + ": file is not writable");
        return parent;
    }

    /** The file name's extension, lower case, without the dot ("" when it has none): what picks an output's format. */
    public static String extension(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }
}
