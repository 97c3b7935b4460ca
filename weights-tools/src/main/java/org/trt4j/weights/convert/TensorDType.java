package org.trt4j.weights.convert;

import org.trt4j.weights.Half;

import java.nio.ByteBuffer;

/** Element types found in checkpoints, with their conversion to float32 (integers are cast, as numpy does). */
enum TensorDType {
    F32(4, false), F64(8, false), F16(2, false), BF16(2, false),
    I64(8, true), I32(4, true), I16(2, true), I8(1, true), U8(1, true), BOOL(1, true);

    final int size;
    final boolean integer;

    TensorDType(int size, boolean integer) {
        this.size = size;
        this.integer = integer;
    }

    /** The element at byte offset {@code at} of a little-endian buffer, widened or cast to float32. */
    float read(ByteBuffer le, int at) {
        return switch (this) {
            case F32 -> le.getFloat(at);
            case F64 -> (float) le.getDouble(at);
            case F16 -> Half.toFloat(le.getShort(at));
            case BF16 -> Half.bfloat16ToFloat(le.getShort(at));
            case I64 -> (float) le.getLong(at);
            case I32 -> (float) le.getInt(at);
            case I16 -> le.getShort(at);
            case I8 -> le.get(at);
            case U8 -> le.get(at) & 0xff;
            case BOOL -> le.get(at) != 0 ? 1f : 0f;
        };
    }
}
