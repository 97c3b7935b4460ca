package org.trt4j.networks.rvm;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class FramePipelineTest {
    @Test void writesRunInParallelWithBoundedFramesInFlight() {
        AtomicInteger running = new AtomicInteger(), most = new AtomicInteger();
        var done = ConcurrentHashMap.<Integer>newKeySet();
        List<Integer> counts = new ArrayList<>();
        long t0 = System.nanoTime();
        try (FramePipeline p = new FramePipeline(3)) {
            for (int i = 0; i < 12; i++) {
                int frame = i;
                p.write(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sleep(50);
                    running.decrementAndGet();
                    done.add(frame);
                });
            }
            p.finish(counts::add);
            assertEquals(12, p.written());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(12, done.size());
        assertTrue(most.get() >= 2 && most.get() <= 3, "writers at once: " + most.get());
        assertTrue(seconds < 12 * 0.05 * 0.8, "12 writes of 50 ms on 3 writers took " + seconds + " s");
        for (int i = 1; i < counts.size(); i++) assertTrue(counts.get(i) >= counts.get(i - 1), "counts only grow: " + counts);
        assertEquals(12, counts.get(counts.size() - 1));
    }

    @Test void theFirstFailedWriteIsRethrownAsItWas() {
        try (FramePipeline p = new FramePipeline(2)) {
            UserError e = assertThrows(UserError.class, () -> { // from this write already, if it fails fast enough, or a later one
                p.write(() -> { throw new UserError("out/f1.png: cannot write"); });
                for (int i = 0; i < 50; i++) p.write(() -> sleep(5));
                p.finish(n -> { });
            });
            assertEquals("out/f1.png: cannot write", e.getMessage());
        }
    }

    @Test void readsAheadOnTheirOwnThread() {
        try (FramePipeline p = new FramePipeline(1)) {
            String caller = Thread.currentThread().getName();
            assertNotEquals(caller, FramePipeline.get(p.read(() -> Thread.currentThread().getName())));
            UserError e = assertThrows(UserError.class, () -> FramePipeline.get(p.read(() -> { throw new UserError("f2.png: cannot decode"); })));
            assertEquals("f2.png: cannot decode", e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
