package org.trt4j.networks.rvm;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A clip's frames through matte's three stages: decoding one frame ahead on a thread of its own, the network (with its
 * recurrent states) frame by frame on the caller's thread, and PNG encoding on a pool of writers, at most two frames
 * per writer in flight (memory stays bounded). ImageIO's PNG writer needs about 0.3 s for a 1080p RGBA frame on one
 * core, hundreds of times the engine's 1.25 ms, so the writers set the command's speed. The first failure of a
 * decode or a write is rethrown as it was (a UserError stays one clear line).
 */
final class FramePipeline implements AutoCloseable {
    private final ExecutorService reader = Executors.newSingleThreadExecutor(daemon("trt4j-matte-read"));
    private final ExecutorService writers;
    private final Semaphore slots;
    private final ArrayDeque<Future<?>> pending = new ArrayDeque<>();
    private final AtomicInteger written = new AtomicInteger();

    FramePipeline(int writerThreads) {
        writers = Executors.newFixedThreadPool(writerThreads, daemon("trt4j-matte-write"));
        slots = new Semaphore(2 * writerThreads);
    }

    /** Writers for this machine: every core but the one that feeds the network, at most 8. */
    static int defaultWriters() { return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors() - 1)); }

    <T> Future<T> read(Callable<T> decode) { return reader.submit(decode); }

    /** Queues one frame's encoding, waiting while the writers are full; rethrows a failed earlier write. */
    void write(Runnable encode) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a frame writer", e);
        }
        pending.add(writers.submit(() -> {
            try {
                encode.run();
                written.incrementAndGet();
            } finally {
                slots.release();
            }
        }));
        while (!pending.isEmpty() && pending.peek().isDone()) get(pending.poll());
    }

    int written() { return written.get(); }

    /** Waits for every queued write, telling {@code onWritten} the count after each. */
    void finish(IntConsumer onWritten) {
        while (!pending.isEmpty()) {
            get(pending.poll());
            onWritten.accept(written.get());
        }
    }

    /** The task's value, or its failure as thrown (runtime exceptions and errors unwrapped). */
    static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Stops both stages and waits for them: a write under way finishes (each lands whole: RgbImage writes through a
     * temporary file), and so does a decode (a video decoder must not be closed under it).
     */
    @Override public void close() {
        reader.shutdownNow();
        writers.shutdownNow();
        try {
            reader.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            writers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
