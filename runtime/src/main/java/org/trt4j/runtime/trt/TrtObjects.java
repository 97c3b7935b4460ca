package org.trt4j.runtime.trt;

import org.bytedeco.javacpp.Pointer;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Makes TensorRT objects returned by factory calls (createInferBuilder, createNetworkV2, deserializeCudaEngine,
 * createExecutionContext, buildSerializedNetwork, ...) deletable with {@code close()}.
 *
 * <p>Why: TensorRT 10 frees its objects with C++ {@code delete}, but JavaCPP leaves pointers returned by native calls
 * unowned, so their {@code close()} does nothing. JavaCPP does generate a {@code delete} function per class, attached
 * to objects it allocates itself; we read its address from one such object and attach it to the returned pointer
 * (through JavaCPP's own {@code Pointer.init}). If a future JavaCPP hides these internals, objects are not freed
 * (one warning) rather than crashing.
 */
final class TrtObjects {
    private static final Map<Class<?>, Long> DELETERS = new ConcurrentHashMap<>();
    // the JavaCPP-allocated instances whose deleter we borrow; kept so the deleter's owner outlives every use
    private static final List<Pointer> TEMPLATES = new ArrayList<>();
    private static final Method INIT;
    private static final Method DEALLOCATOR;
    private static volatile boolean warned;

    static {
        Method init = null, deallocator = null;
        try {
            init = Pointer.class.getDeclaredMethod("init", long.class, long.class, long.class, long.class);
            init.setAccessible(true);
            deallocator = Pointer.class.getDeclaredMethod("deallocator");
            deallocator.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            init = null;
            deallocator = null;
        }
        INIT = init;
        DEALLOCATOR = deallocator;
    }

    private TrtObjects() {}

    /**
     * Returns {@code object} owning its native TensorRT object (deleted on close, or when garbage collected), or
     * throws naming {@code call} when TensorRT returned null.
     *
     * @param template makes an empty JavaCPP-allocated instance of the same class (e.g. {@code IBuilder::new})
     */
    static <P extends Pointer> P own(P object, Supplier<P> template, String call) {
        if (object == null || object.isNull()) throw new TrtException(call + " returned null");
        long deleter = deleterOf(object.getClass(), template);
        if (deleter == 0) return object;
        try {
            INIT.invoke(object, object.address(), 0L, object.address(), deleter);
        } catch (ReflectiveOperationException | RuntimeException e) {
            warnOnce(e);
        }
        return object;
    }

    private static long deleterOf(Class<?> cls, Supplier<? extends Pointer> template) {
        if (INIT == null) {
            warnOnce(null);
            return 0;
        }
        return DELETERS.computeIfAbsent(cls, c -> {
            try {
                Pointer empty = template.get();
                Object d = DEALLOCATOR.invoke(empty);
                if (d != null && d.getClass().getSimpleName().equals("NativeDeallocator")) {
                    Method address = d.getClass().getDeclaredMethod("deallocatorAddress");
                    address.setAccessible(true);
                    long deleter = (Long) address.invoke(d);
                    if (deleter != 0) {
                        synchronized (TEMPLATES) { TEMPLATES.add(empty); }
                        return deleter;
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                warnOnce(e);
            }
            return 0L;
        });
    }

    private static void warnOnce(Exception e) {
        if (warned) return;
        warned = true;
        System.err.println("trt4j: warning: cannot attach C++ delete to TensorRT objects with this JavaCPP version"
                + (e == null ? "" : " (" + e + ")") + "; they are freed only at exit");
    }
}
