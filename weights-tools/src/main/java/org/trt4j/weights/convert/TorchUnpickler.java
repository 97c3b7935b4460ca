package org.trt4j.weights.convert;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code data.pkl} of a torch.save zip archive. Tensors come out as {@link TorchTensor} (a reference to a
 * storage record of the archive, not yet read). Dictionaries keep their key order (razorvine's own dict opcodes use
 * HashMap, which would scramble the state_dict order the .wts must keep).
 */
final class TorchUnpickler extends Unpickler {
    /** A storage persistent id: {@code ('storage', torch.FloatStorage, key, location, numel)}. */
    record StorageRef(String key, TensorDType dtype, long numel) {}

    /** A tensor: a view into a storage (element offset, sizes, strides in elements). */
    record TorchTensor(StorageRef storage, long offset, long[] size, long[] stride) {
        long numel() {
            long n = 1;
            for (long s : size) n *= s;
            return n;
        }
    }

    /** The class object {@code torch.XxxStorage} as it appears inside a persistent id. */
    record StorageType(String name, TensorDType dtype) implements IObjectConstructor {
        @Override public Object construct(Object[] args) { throw new PickleException("cannot call " + name); }
    }

    /** {@code collections.OrderedDict}: a LinkedHashMap; its pickled instance state (_metadata) is ignored. */
    static final class OrderedDict extends LinkedHashMap<Object, Object> {}

    private static final Map<String, TensorDType> STORAGES = Map.of(
            "FloatStorage", TensorDType.F32, "DoubleStorage", TensorDType.F64, "HalfStorage", TensorDType.F16,
            "BFloat16Storage", TensorDType.BF16, "LongStorage", TensorDType.I64, "IntStorage", TensorDType.I32,
            "ShortStorage", TensorDType.I16, "CharStorage", TensorDType.I8, "ByteStorage", TensorDType.U8,
            "BoolStorage", TensorDType.BOOL);

    static {
        STORAGES.forEach((name, dtype) -> registerConstructor("torch", name, new StorageType("torch." + name, dtype)));
        registerConstructor("collections", "OrderedDict", args -> new OrderedDict());
        registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchUnpickler::rebuildTensor);
        registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
        registerConstructor("torch._utils", "_rebuild_parameter_with_state", args -> args[0]);
    }

    private final String source;

    TorchUnpickler(String source) { this.source = source; }

    private static Object rebuildTensor(Object[] a) {
        if (!(a[0] instanceof StorageRef storage)) throw new PickleException("_rebuild_tensor_v2 without a storage: " + a[0]);
        return new TorchTensor(storage, ((Number) a[1]).longValue(), longs(a[2]), longs(a[3]));
    }

    private static long[] longs(Object tuple) {
        Object[] t = (Object[]) tuple;
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) out[i] = ((Number) t[i]).longValue();
        return out;
    }

    @Override protected Object persistentLoad(Object pid) {
        Object[] t = (Object[]) pid;
        if (t.length < 5 || !"storage".equals(t[0]))
            throw new PickleException(source + ": unknown persistent id " + java.util.Arrays.deepToString(t));
        if (!(t[1] instanceof StorageType type))
            throw new PickleException(source + ": unsupported storage type " + t[1] + " (float, half, bfloat16, double and integer storages are supported)");
        return new StorageRef(String.valueOf(t[2]), type.dtype(), ((Number) t[4]).longValue());
    }

    /**
     * Unpickles the whole pickle held in memory. A length field is checked against the bytes left before the
     * opcode runs (razorvine would allocate whatever a corrupt length says), and any failure of a corrupt pickle
     * inside razorvine (a cast, an index) becomes a PickleException.
     */
    Object loadAll(byte[] pickle) throws IOException {
        try {
            return load(new java.io.ByteArrayInputStream(pickle));
        } catch (PickleException | IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PickleException("corrupt pickle (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override protected Object dispatch(short key) throws PickleException, IOException {
        int lengthBytes = switch (key) {
            case 'X', 'B', 'T', 0x8a -> 4;                // BINUNICODE, BINBYTES, BINSTRING, LONG4
            case 0x8d, 0x8e, 0x96 -> 8;                   // BINUNICODE8, BINBYTES8, BYTEARRAY8
            default -> 0;
        };
        if (lengthBytes > 0) checkDeclaredLength(key, lengthBytes);
        switch (key) {
            case '}' -> stack.add(new LinkedHashMap<>());
            case 'd' -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                putPairs(m, stack.pop_all_since_marker());
                stack.add(m);
            }
            case 'u' -> {
                List<Object> items = stack.pop_all_since_marker();
                putPairs(asMap(stack.peek()), items);
            }
            case 's' -> {
                Object value = stack.pop();
                Object k = stack.pop();
                asMap(stack.peek()).put(k, value);
            }
            case 'b' -> { // BUILD: instance state; only plain objects (ClassDict) keep it, the rest is not needed
                Object state = stack.pop();
                if (stack.peek() instanceof ClassDict cd && state instanceof Map<?, ?> m)
                    m.forEach((k, v) -> cd.put(String.valueOf(k), v));
            }
            default -> { return super.dispatch(key); }
        }
        return NO_RETURN_VALUE;
    }

    private void checkDeclaredLength(short opcode, int lengthBytes) throws IOException {
        input.mark(lengthBytes);
        byte[] b = input.readNBytes(lengthBytes);
        input.reset();
        long length = 0;
        for (int i = b.length - 1; i >= 0; i--) length = length << 8 | (b[i] & 0xff);
        long left = input.available() - lengthBytes;
        if (b.length < lengthBytes || length < 0 || length > left)
            throw new PickleException("opcode 0x" + Integer.toHexString(opcode) + " declares " + length + " bytes, "
                    + Math.max(left, 0) + " are left in the pickle");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asMap(Object o) {
        if (!(o instanceof Map)) throw new PickleException(source + ": SETITEM on a " + (o == null ? "None" : o.getClass().getSimpleName()));
        return (Map<Object, Object>) o;
    }

    private static void putPairs(Map<Object, Object> m, List<Object> items) {
        for (int i = 0; i + 1 < items.size(); i += 2) m.put(items.get(i), items.get(i + 1));
    }
}
