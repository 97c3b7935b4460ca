package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.tensorrt.global.nvinfer.PluginFieldType;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PluginFieldDataTest {
    @Test void encodesEachJavaTypeWithItsTensorRtFieldType() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("scales", new float[] {0.5f, 2f});
        fields.put("mode", 3);
        fields.put("align", true);
        fields.put("big", 1L << 40);
        fields.put("method", "bilinear");
        try (WeightArena arena = new WeightArena()) {
            List<PluginFieldData> data = PluginFieldData.encode(fields, arena);
            assertEquals(List.of("scales", "mode", "align", "big", "method"), data.stream().map(PluginFieldData::name).toList());

            assertEquals(PluginFieldType.kFLOAT32, data.get(0).type());
            assertEquals(2, data.get(0).length());
            assertEquals(2f, new FloatPointer(data.get(0).data()).get(1));

            assertEquals(PluginFieldType.kINT32, data.get(1).type());
            assertEquals(3, new IntPointer(data.get(1).data()).get(0));
            assertEquals(1, new IntPointer(data.get(2).data()).get(0));

            assertEquals(PluginFieldType.kINT64, data.get(3).type());
            assertEquals(1L << 40, new LongPointer(data.get(3).data()).get(0));

            PluginFieldData method = data.get(4);
            assertEquals(PluginFieldType.kCHAR, method.type());
            assertEquals(8, method.length());
            BytePointer chars = new BytePointer(method.data());
            byte[] text = new byte[8];
            chars.get(text);
            assertEquals("bilinear", new String(text, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(0, chars.get(8), "NUL-terminated in memory");
        }
    }

    @Test void rejectsUnsupportedValuesNamingTheField() {
        try (WeightArena arena = new WeightArena()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PluginFieldData.encode("weights", List.of(1, 2), arena));
            assertTrue(e.getMessage().contains("'weights'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PluginFieldData.encode("x", null, arena));
        }
    }
}
