package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns the native memory that TensorRT's network definition points at: TensorRT keeps the raw pointers of weights,
 * plugin fields etc. until the engine is built, so everything handed to it lives here until {@link #close()}.
 * Direct, native-order weight buffers are wrapped without copying (and the buffer is kept reachable); anything
 * else, and every derived array, is copied once into memory this arena frees on close. Uses only JavaCPP, not the
 * TensorRT natives.
 */
public final class WeightArena implements AutoCloseable {
    private final List<Pointer> owned = new ArrayList<>();
    private final List<Object> reachable = new ArrayList<>();
    private long copiedBytes;
    private long wrappedBytes;
    private boolean closed;

    /** A native view of the buffer's remaining floats: the buffer itself when direct and native-order, else a copy. */
    public FloatPointer floats(FloatBuffer buffer) {
        checkOpen();
        FloatBuffer view = buffer.slice();
        if (view.isDirect() && view.order() == ByteOrder.nativeOrder()) {
            reachable.add(view);
            FloatPointer p = new FloatPointer(view);
            reachable.add(p);
            wrappedBytes += 4L * view.remaining();
            return p;
        }
        float[] values = new float[view.remaining()];
        view.get(values);
        return floats(values);
    }

    /** A native copy of derived values (e.g. folded batch-norm weights), freed on close. */
    public FloatPointer floats(float[] values) {
        checkOpen();
        FloatPointer p = own(new FloatPointer(Math.max(1, values.length)));
        p.put(values);
        copiedBytes += 4L * values.length;
        return p;
    }

    public BytePointer bytes(byte[] values) {
        checkOpen();
        BytePointer p = own(new BytePointer(Math.max(1, values.length)));
        p.put(values);
        copiedBytes += values.length;
        return p;
    }

    public IntPointer ints(int[] values) {
        checkOpen();
        IntPointer p = own(new IntPointer(Math.max(1, values.length)));
        p.put(values);
        copiedBytes += 4L * values.length;
        return p;
    }

    public LongPointer longs(long[] values) {
        checkOpen();
        LongPointer p = own(new LongPointer(Math.max(1, values.length)));
        p.put(values);
        copiedBytes += 8L * values.length;
        return p;
    }

    /** Takes ownership of a native allocation made elsewhere (a JavaCPP struct, a string): freed on close. */
    public <T extends Pointer> T own(T pointer) {
        checkOpen();
        owned.add(pointer);
        return pointer;
    }

    /** Keeps an object reachable (a pointer whose memory someone else frees, a source buffer) until close. */
    public <T> T keep(T object) {
        checkOpen();
        reachable.add(object);
        return object;
    }

    /** Bytes copied into arena-owned memory so far. */
    public long copiedBytes() { return copiedBytes; }

    /** Bytes handed to TensorRT straight from caller buffers, without a copy. */
    public long wrappedBytes() { return wrappedBytes; }

    public boolean isClosed() { return closed; }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("weight arena already closed: the engine build must finish before it is closed");
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        for (int i = owned.size() - 1; i >= 0; i--) owned.get(i).close();
        owned.clear();
        reachable.clear();
    }

    /** For messages: "3 native allocations, 1.2 MB copied, 40 MB wrapped". */
    @Override public String toString() {
        return "WeightArena(" + owned.size() + " owned, " + copiedBytes + " B copied, " + wrappedBytes + " B wrapped"
                + (closed ? ", closed" : "") + ")";
    }
}
