package org.trt4j.error;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.zip.ZipException;

/**
 * An error caused by the user's input (a file, a key, a shape, an option). Every module throws subclasses of it, and
 * the CLI prints the message alone: the message must name the file and line, key or shape at fault.
 */
public class UserError extends RuntimeException {
    public UserError(String message) { super(message); }
    public UserError(String message, Throwable cause) { super(message, cause); }

    /** A reader's I/O failure on an input file, as one line naming the file: missing, unreadable, corrupt or cut short. */
    public static UserError cannotRead(Object file, IOException e) {
        String detail = e.getMessage() == null ? "" : " (" + Excerpts.quote(e.getMessage(), 200) + ")";
        if (e instanceof NoSuchFileException) return new UserError(file + ": file not found", e);
        if (e instanceof AccessDeniedException) return new UserError(file + ": permission denied", e);
        if (e instanceof CharacterCodingException) return new UserError(file + ": not UTF-8 text", e);
        if (e instanceof ZipException || e instanceof EOFException)
            return new UserError(file + ": corrupt or truncated archive" + detail, e);
        return new UserError(file + ": cannot read" + detail, e);
    }
}
