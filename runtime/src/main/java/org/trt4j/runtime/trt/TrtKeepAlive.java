package org.trt4j.runtime.trt;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.nvinfer.Weights;

import java.nio.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds the host memory that network layers point to (weights, constants, plugin fields) until the engine build has
 * finished: TensorRT reads {@code Weights} only during the build, so they must not be freed or moved before.
 * {@link EngineBuilder} closes it after the build.
 */
public final class TrtKeepAlive implements AutoCloseable {
    private final List<Pointer> owned = new ArrayList<>();
    private final List<Object> referenced = new ArrayList<>();

    /** Keeps (and later frees) a JavaCPP pointer this class did not create. */
    public <P extends Pointer> P keep(P pointer) {
        owned.add(pointer);
        return pointer;
    }

    /** Keeps any object reachable until the build ends (e.g. the direct buffer behind a WeightMap tensor). */
    public <T> T reference(T object) {
        referenced.add(object);
        return object;
    }

    /** FLOAT weights copied from a Java array. */
    public Weights floats(float[] values) {
        return weights(DataType.kFLOAT, keep(new FloatPointer(values)), values.length);
    }

    /** HALF weights from IEEE binary16 bit patterns. */
    public Weights halves(short[] bits) {
        return weights(DataType.kHALF, keep(new ShortPointer(bits)), bits.length);
    }

    public Weights ints(int[] values) {
        return weights(DataType.kINT32, keep(new IntPointer(values)), values.length);
    }

    public Weights longs(long[] values) {
        return weights(DataType.kINT64, keep(new LongPointer(values)), values.length);
    }

    public Weights bools(boolean[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (values[i] ? 1 : 0);
        return weights(DataType.kBOOL, keep(new BytePointer(b)), b.length);
    }

    /** Weights over a direct buffer without copying; the buffer is kept reachable until the build ends. */
    public Weights direct(DataType type, Buffer directBuffer, long count) {
        if (!directBuffer.isDirect()) throw new IllegalArgumentException("weights buffer must be direct");
        reference(directBuffer);
        return weights(type, new Pointer(directBuffer), count);
    }

    /** Empty weights (e.g. "no bias"). */
    public Weights empty() {
        return weights(DataType.kFLOAT, null, 0);
    }

    private Weights weights(DataType type, Pointer values, long count) {
        Weights w = keep(new Weights());
        w.type(type).values(values).count(count);
        return w;
    }

    @Override public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) owned.get(i).close();
        owned.clear();
        referenced.clear();
    }
}
