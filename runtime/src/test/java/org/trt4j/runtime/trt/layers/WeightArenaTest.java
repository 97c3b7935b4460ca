package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.*;

class WeightArenaTest {
    private static FloatBuffer direct(ByteOrder order, float... values) {
        FloatBuffer b = ByteBuffer.allocateDirect(4 * values.length).order(order).asFloatBuffer();
        b.put(values).flip();
        return b;
    }

    @Test void wrapsDirectNativeOrderBuffersWithoutCopying() {
        FloatBuffer buffer = direct(ByteOrder.nativeOrder(), 1f, 2f, 3f);
        try (WeightArena arena = new WeightArena()) {
            FloatPointer p = arena.floats(buffer);
            assertEquals(0, arena.copiedBytes());
            assertEquals(12, arena.wrappedBytes());
            assertEquals(3, p.limit() - p.position());
            buffer.put(1, 42f); // same memory: a write through the buffer shows through the pointer
            assertEquals(42f, p.get(1));
        }
    }

    @Test void wrapsOnlyTheRemainingPartOfAPositionedBuffer() {
        FloatBuffer buffer = direct(ByteOrder.nativeOrder(), 1f, 2f, 3f, 4f);
        buffer.position(2);
        try (WeightArena arena = new WeightArena()) {
            FloatPointer p = arena.floats(buffer);
            float[] seen = new float[2];
            p.get(seen);
            assertArrayEquals(new float[] {3f, 4f}, seen);
            assertEquals(2, buffer.position(), "the caller's buffer position is left alone");
        }
    }

    @Test void copiesHeapAndForeignOrderBuffers() {
        ByteOrder foreign = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        try (WeightArena arena = new WeightArena()) {
            FloatPointer heap = arena.floats(FloatBuffer.wrap(new float[] {5f, 6f}));
            FloatPointer swapped = arena.floats(direct(foreign, 7f, 8f));
            assertEquals(16, arena.copiedBytes());
            assertEquals(0, arena.wrappedBytes());
            assertEquals(6f, heap.get(1));
            assertEquals(7f, swapped.get(0));
            assertEquals(8f, swapped.get(1));
        }
    }

    @Test void closeFreesOwnedMemoryAndRejectsLaterUse() {
        WeightArena arena = new WeightArena();
        FloatPointer derived = arena.floats(new float[] {1f, 2f});
        assertEquals(2f, derived.get(1));
        arena.close();
        assertTrue(derived.isNull(), "owned memory is freed on close");
        assertTrue(arena.isClosed());
        assertThrows(IllegalStateException.class, () -> arena.floats(new float[] {1f}));
        arena.close(); // idempotent
    }

    @Test void ownedForeignPointersAreClosedToo() {
        WeightArena arena = new WeightArena();
        Pointer p = arena.own(new FloatPointer(4));
        arena.close();
        assertTrue(p.isNull());
    }
}
