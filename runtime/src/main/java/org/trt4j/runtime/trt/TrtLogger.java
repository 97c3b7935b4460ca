package org.trt4j.runtime.trt;

import org.bytedeco.tensorrt.nvinfer.ILogger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The process-wide TensorRT logger (TensorRT wants one logger for all builders and runtimes). It echoes messages at
 * or above a severity to stderr and remembers recent warnings and errors, so a failed call can quote them: take a
 * {@link #mark()} before the call and read {@link #errorsSince(long)} after it.
 */
public final class TrtLogger extends ILogger {
    public static final int INTERNAL_ERROR = 0, ERROR = 1, WARNING = 2, INFO = 3, VERBOSE = 4;
    private static final int KEPT = 256;
    private static TrtLogger instance;

    private record Entry(long seq, int severity, String message) {}

    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private long seq;
    private volatile int echoLevel = WARNING;
    private volatile Consumer<String> listener;

    private TrtLogger() {}

    public static synchronized TrtLogger get() {
        TensorRt.require();
        if (instance == null) instance = new TrtLogger();
        return instance;
    }

    /** Called by TensorRT, from any thread; must not throw. */
    @Override public void log(Severity severity, String message) {
        int level = severity.value;
        if (level <= WARNING) {
            synchronized (recent) {
                if (recent.size() == KEPT) recent.removeFirst();
                recent.addLast(new Entry(++seq, level, message));
            }
        }
        if (level <= echoLevel) {
            Consumer<String> l = listener;
            String line = "[TensorRT] " + name(level) + ": " + message;
            if (l != null) l.accept(line);
            else System.err.println(line);
        }
    }

    /** Sequence number of the latest recorded message; pass it to {@link #errorsSince}. */
    public long mark() {
        synchronized (recent) { return seq; }
    }

    /** Errors (and internal errors) logged after the mark, oldest first. */
    public List<String> errorsSince(long mark) { return since(mark, ERROR); }

    /** Errors and warnings logged after the mark. */
    public List<String> problemsSince(long mark) { return since(mark, WARNING); }

    private List<String> since(long mark, int worst) {
        List<String> out = new ArrayList<>();
        synchronized (recent) {
            for (Entry e : recent) if (e.seq > mark && e.severity <= worst) out.add(e.message);
        }
        return out;
    }

    /** Messages at this severity or worse go to stderr (or the listener); returns the previous level. */
    public int echoLevel(int level) {
        int old = echoLevel;
        echoLevel = level;
        return old;
    }

    /** While set, echoed lines go to the listener instead of stderr (build progress). Returns the previous one. */
    public Consumer<String> listener(Consumer<String> l) {
        Consumer<String> old = listener;
        listener = l;
        return old;
    }

    /** Silences the echo (the errors are still recorded) until closed; for calls whose failures trt4j reports itself. */
    public Scope quiet() {
        int old = echoLevel(-1);
        return () -> echoLevel(old);
    }

    /** Undoes a temporary logger setting. */
    public interface Scope extends AutoCloseable {
        @Override void close();
    }

    static String name(int level) {
        return switch (level) {
            case INTERNAL_ERROR -> "INTERNAL ERROR";
            case ERROR -> "ERROR";
            case WARNING -> "WARNING";
            case INFO -> "INFO";
            default -> "VERBOSE";
        };
    }

    /** "first; second; third" or a fallback when TensorRT said nothing. */
    static String joined(List<String> messages) {
        return messages.isEmpty() ? "TensorRT logged no error" : String.join("; ", messages);
    }
}
