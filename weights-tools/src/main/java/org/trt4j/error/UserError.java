package org.trt4j.error;

/**
 * An error caused by the user's input (a file, a key, a shape, an option). Every module throws subclasses of it, and
 * the CLI prints the message alone: the message must name the file and line, key or shape at fault.
 */
public class UserError extends RuntimeException {
    public UserError(String message) { super(message); }
    public UserError(String message, Throwable cause) { super(message, cause); }
}
