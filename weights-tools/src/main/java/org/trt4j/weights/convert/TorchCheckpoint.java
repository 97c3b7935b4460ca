package org.trt4j.weights.convert;

import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.objects.ClassDict;
import org.trt4j.error.UserError;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightTensor;
import org.trt4j.weights.convert.TorchUnpickler.StorageRef;
import org.trt4j.weights.convert.TorchUnpickler.TorchTensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch checkpoints in the torch.save zip format (PyTorch 1.6 and later): {@code ARCHIVE/data.pkl} holds
 * the pickled object, {@code ARCHIVE/data/KEY} the raw storages. Accepts a bare state_dict or a dict wrapping one
 * under {@code state_dict} or {@code model}; tensors may be views (offset, strides) of shared storages.
 */
public final class TorchCheckpoint {
    /** A state_dict pickle holds names and shapes only (the values are in data/N): even huge models stay far below. */
    private static final int MAX_PICKLE_BYTES = 256 << 20;

    private TorchCheckpoint() {}

    public static WeightMap read(Path file, ConvertOptions options) throws IOException {
        try {
            return readZip(file, options);
        } catch (IOException e) {
            throw UserError.cannotRead(file, e);
        } catch (IllegalArgumentException e) { // java.util.zip's answer to an entry name that is not UTF-8
            throw new UserError(file + ": corrupt archive (" + e.getMessage() + ")", e);
        }
    }

    private static WeightMap readZip(Path file, ConvertOptions options) throws IOException {
        checkZip(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(file, zip);
            boolean bigEndian = false;
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            if (order != null) {
                try (InputStream in = zip.getInputStream(order)) {
                    bigEndian = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip().equals("big");
                }
            }
            Object root;
            try (InputStream in = zip.getInputStream(zip.getEntry(prefix + "data.pkl"))) {
                byte[] pickle = in.readNBytes(MAX_PICKLE_BYTES + 1);
                if (pickle.length > MAX_PICKLE_BYTES)
                    throw new UserError(file + ": data.pkl is larger than " + MAX_PICKLE_BYTES + " bytes; not a state_dict pickle");
                root = new TorchUnpickler(file.toString()).loadAll(pickle);
            } catch (PickleException e) {
                throw new UserError(file + ": cannot read the pickled checkpoint (" + e.getMessage() + "); save only the "
                        + "state_dict: torch.save(model.state_dict(), f)", e);
            }
            Map<String, TorchTensor> tensors = stateDict(file, root);
            Map<String, String> names = KeyMapper.map(file.toString(), new ArrayList<>(tensors.keySet()),
                    k -> tensors.get(k).storage().dtype().integer, options);
            WeightMap.Builder out = WeightMap.builder(file.toString());
            Map<String, ByteBuffer> storages = new HashMap<>();
            Map<String, Integer> usesLeft = new HashMap<>(); // a storage is dropped after the last tensor viewing it
            for (String key : names.keySet()) usesLeft.merge(tensors.get(key).storage().key(), 1, Integer::sum);
            for (Map.Entry<String, String> e : names.entrySet()) {
                TorchTensor t = tensors.get(e.getKey());
                ByteBuffer storage = storages.get(t.storage().key());
                if (storage == null) {
                    storage = readStorage(file, zip, prefix, t.storage(), bigEndian);
                    storages.put(t.storage().key(), storage);
                }
                out.put(gather(file, e.getKey(), e.getValue(), t, storage));
                if (usesLeft.merge(t.storage().key(), -1, Integer::sum) == 0) storages.remove(t.storage().key());
            }
            return out.build();
        }
    }

    private static void checkZip(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 4);
            if (n == 4 && head[0] == 'P' && head[1] == 'K') return;
            if (n >= 2 && (head[0] & 0xff) == 0x80)
                throw new UserError(file + ": a legacy (non-zip) torch.save file, written by PyTorch before 1.6 or with "
                        + "_use_new_zipfile_serialization=False. Re-save it with a PyTorch that can read it: python -c "
                        + "\"import torch; torch.save(torch.load('" + file.getFileName() + "', map_location='cpu'), 'resaved.pth', "
                        + "_use_new_zipfile_serialization=True)\"");
            throw new UserError(file + ": not a torch.save zip archive (it does not start with a zip header)");
        }
    }

    private static String archivePrefix(Path file, ZipFile zip) {
        String found = null;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            String name = en.nextElement().getName();
            if (name.endsWith("data.pkl") && (name.equals("data.pkl") || name.endsWith("/data.pkl"))) {
                if (found != null) throw new UserError(file + ": more than one data.pkl in the archive");
                found = name.substring(0, name.length() - "data.pkl".length());
            }
        }
        if (found == null) throw new UserError(file + ": a zip file without data.pkl, not a torch.save checkpoint");
        return found;
    }

    /**
     * The state_dict inside the unpickled object: the tensors of a dict, those under 'state_dict' / 'model', or the
     * parameters and persistent buffers of a pickled nn.Module (in Module.state_dict() order).
     */
    private static Map<String, TorchTensor> stateDict(Path file, Object root) {
        if (isModule(root)) {
            Map<String, TorchTensor> out = new LinkedHashMap<>();
            moduleStateDict((ClassDict) root, "", out);
            return out;
        }
        if (!(root instanceof Map<?, ?> map) || root instanceof ClassDict)
            throw new UserError(file + ": the checkpoint holds a " + describe(root) + ", not a dict of tensors; save "
                    + "model.state_dict()");
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet())
            if (e.getValue() instanceof TorchTensor t) tensors.put(String.valueOf(e.getKey()), t);
        if (!tensors.isEmpty()) return tensors;
        for (String wrapper : List.of("state_dict", "model")) {
            Object inner = map.get(wrapper);
            if (inner instanceof Map<?, ?>) return stateDict(file, inner);
            if (inner != null)
                throw new UserError(file + ": '" + wrapper + "' holds a " + describe(inner) + ", not a state_dict; "
                        + "re-save with torch.save(model.state_dict(), f)");
        }
        throw new UserError(file + ": no tensors, and no 'state_dict' or 'model' entry; top-level keys: " + map.keySet());
    }

    private static boolean isModule(Object o) {
        return o instanceof ClassDict cd && cd.get("_parameters") instanceof Map && cd.get("_modules") instanceof Map;
    }

    /** Module.state_dict(): own parameters, then persistent buffers, then each child under "name.". */
    private static void moduleStateDict(ClassDict module, String prefix, Map<String, TorchTensor> out) {
        Object nonPersistent = module.get("_non_persistent_buffers_set");
        for (String part : List.of("_parameters", "_buffers")) {
            if (!(module.get(part) instanceof Map<?, ?> entries)) continue;
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                boolean skip = part.equals("_buffers") && nonPersistent instanceof java.util.Collection<?> c && c.contains(e.getKey());
                if (!skip && e.getValue() instanceof TorchTensor t) out.put(prefix + e.getKey(), t);
            }
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) module.get("_modules")).entrySet())
            if (isModule(e.getValue())) moduleStateDict((ClassDict) e.getValue(), prefix + e.getKey() + ".", out);
    }

    private static String describe(Object o) {
        if (o == null) return "None";
        if (o instanceof ClassDict cd) return "Python object " + cd.getClassName();
        return o.getClass().getSimpleName();
    }

    private static ByteBuffer readStorage(Path file, ZipFile zip, String prefix, StorageRef ref, boolean bigEndian) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "data/" + ref.key());
        if (e == null) throw new UserError(file + ": storage " + ref.key() + " is missing from the archive");
        long expected = ref.numel() * ref.dtype().size;
        if (ref.numel() < 0) throw new UserError(file + ": storage " + ref.key() + " declares " + ref.numel() + " elements");
        if (ref.numel() > Integer.MAX_VALUE || expected > Integer.MAX_VALUE) throw new UserError(file + ": storage " + ref.key() + " is larger than 2 GB");
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, expected)); // a storage may hold more than its views use
        }
        if (bytes.length < expected)
            throw new UserError(file + ": storage " + ref.key() + " holds " + bytes.length + " bytes, " + expected + " expected");
        return ByteBuffer.wrap(bytes).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies the view's elements in row-major order into a float32 tensor. */
    private static WeightTensor gather(Path file, String key, String name, TorchTensor t, ByteBuffer storage) {
        long n = t.numel();
        int esize = t.storage().dtype().size;
        for (int d = 0; d < t.size().length; d++)
            if (t.size()[d] < 0 || t.stride()[d] < 0 || t.size()[d] > Integer.MAX_VALUE)
                throw new UserError(file + ": tensor '" + key + "' has size " + java.util.Arrays.toString(t.size())
                        + " and stride " + java.util.Arrays.toString(t.stride()) + "; not a tensor torch.save writes");
        if (t.stride().length != t.size().length)
            throw new UserError(file + ": tensor '" + key + "' has " + t.size().length + " sizes but " + t.stride().length + " strides");
        if (n > Integer.MAX_VALUE / 4 || n < 0) throw new UserError(file + ": tensor '" + key + "' is too large (" + n + " elements)");
        long maxIndex = t.offset();
        for (int d = 0; d < t.size().length; d++) if (t.size()[d] > 0) maxIndex += (t.size()[d] - 1) * t.stride()[d];
        if (n > 0 && (t.offset() < 0 || (maxIndex + 1) * esize > storage.capacity()))
            throw new UserError(file + ": tensor '" + key + "' reaches past the end of storage " + t.storage().key());
        ByteBuffer out = ByteBuffer.allocateDirect((int) n * 4).order(ByteOrder.nativeOrder());
        FloatBuffer f = out.asFloatBuffer();
        if (isContiguous(t) && t.storage().dtype() == TensorDType.F32 && storage.order() == ByteOrder.LITTLE_ENDIAN) {
            FloatBuffer src = storage.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            src.position((int) t.offset()).limit((int) (t.offset() + n));
            f.put(src);
        } else {
            int rank = t.size().length;
            long[] index = new long[rank];
            TensorDType dt = t.storage().dtype();
            for (long i = 0; i < n; i++) {
                long el = t.offset();
                for (int d = 0; d < rank; d++) el += index[d] * t.stride()[d];
                f.put(dt.read(storage, (int) (el * esize)));
                for (int d = rank - 1; d >= 0; d--) {
                    if (++index[d] < t.size()[d]) break;
                    index[d] = 0;
                }
            }
        }
        int[] shape = new int[t.size().length];
        for (int d = 0; d < shape.length; d++) shape[d] = (int) t.size()[d];
        return new WeightTensor(name, out, shape);
    }

    private static boolean isContiguous(TorchTensor t) {
        long expected = 1;
        for (int d = t.size().length - 1; d >= 0; d--) {
            if (t.size()[d] != 1 && t.stride()[d] != expected) return false;
            expected *= t.size()[d];
        }
        return true;
    }
}
