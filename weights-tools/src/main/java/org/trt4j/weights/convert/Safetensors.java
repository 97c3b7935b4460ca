package org.trt4j.weights.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.trt4j.error.Excerpts;
import org.trt4j.error.UserError;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightTensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code .safetensors}: an 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}, then the little-endian data.
 * Tensors are taken in data order (by begin offset, then name) — the header's key order is not significant in the
 * format, the data order is.
 */
public final class Safetensors {
    private static final Map<String, TensorDType> DTYPES = Map.of(
            "F32", TensorDType.F32, "F64", TensorDType.F64, "F16", TensorDType.F16, "BF16", TensorDType.BF16,
            "I64", TensorDType.I64, "I32", TensorDType.I32, "I16", TensorDType.I16, "I8", TensorDType.I8,
            "U8", TensorDType.U8, "BOOL", TensorDType.BOOL);

    private record Entry(String key, TensorDType dtype, int[] shape, long begin, long end) {}

    private Safetensors() {}

    public static WeightMap read(Path file, ConvertOptions options) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (lenBuf.hasRemaining() && ch.read(lenBuf) > 0) { /* fill */ }
            long headerLen = lenBuf.getLong(0);
            if (lenBuf.hasRemaining() || headerLen <= 1 || headerLen > size - 8 || headerLen > 100_000_000)
                throw new UserError(file + ": not a safetensors file (header length " + headerLen + ", file " + size + " bytes)");
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            while (header.hasRemaining() && ch.read(header) > 0) { /* fill */ }
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(new String(header.array(), StandardCharsets.UTF_8));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // the original message only: Jackson's full one quotes up to 500 characters of the (maybe binary) header
                throw new UserError(file + ": unreadable safetensors JSON header at byte " + (8 + e.getLocation().getCharOffset())
                        + ": " + Excerpts.quote(e.getOriginalMessage(), 200), e);
            }
            long dataStart = 8 + headerLen, dataLen = size - dataStart;
            List<Entry> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) continue;
                entries.add(entry(file, f.getKey(), f.getValue(), dataLen));
            }
            entries.sort(Comparator.comparingLong(Entry::begin).thenComparing(Entry::key));
            Map<String, Entry> byKey = new HashMap<>();
            for (Entry e : entries) byKey.put(e.key(), e);
            Map<String, String> names = KeyMapper.map(file.toString(), entries.stream().map(Entry::key).toList(),
                    k -> byKey.get(k).dtype().integer, options);
            ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLen).order(ByteOrder.LITTLE_ENDIAN);
            WeightMap.Builder out = WeightMap.builder(file.toString());
            for (Map.Entry<String, String> n : names.entrySet()) {
                Entry e = byKey.get(n.getKey());
                int count = (int) product(e.shape());
                ByteBuffer dst = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder());
                if (e.dtype() == TensorDType.F32) {
                    dst.asFloatBuffer().put(data.duplicate().position((int) e.begin()).limit((int) e.end()).slice()
                            .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
                } else {
                    var f = dst.asFloatBuffer();
                    for (int i = 0; i < count; i++) f.put(e.dtype().read(data, (int) e.begin() + i * e.dtype().size));
                }
                out.put(new WeightTensor(n.getValue(), dst, e.shape()));
            }
            return out.build();
        }
    }

    private static Entry entry(Path file, String key, JsonNode v, long dataLen) {
        String dtypeName = v.path("dtype").asText();
        TensorDType dtype = DTYPES.get(dtypeName);
        if (dtype == null) throw new UserError(file + ": tensor '" + key + "' has dtype '" + dtypeName + "', not one of " + DTYPES.keySet());
        JsonNode shapeNode = v.path("shape"), offsets = v.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2)
            throw new UserError(file + ": tensor '" + key + "' lacks a shape or data_offsets");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = shapeNode.get(i).asInt();
        long begin = offsets.get(0).asLong(), end = offsets.get(1).asLong();
        long count = product(shape);
        if (count * dtype.size != end - begin || begin < 0 || end > dataLen)
            throw new UserError(file + ": tensor '" + key + "' data_offsets [" + begin + ", " + end + "] do not fit shape "
                    + java.util.Arrays.toString(shape) + " of " + dtypeName + " within " + dataLen + " data bytes");
        if (count > Integer.MAX_VALUE / 4) throw new UserError(file + ": tensor '" + key + "' is too large");
        return new Entry(key, dtype, shape, begin, end);
    }

    private static long product(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
