package org.trt4j.runtime.trt.layers;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.tensorrt.global.nvinfer.PluginFieldType;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.graph.PluginField;
import org.trt4j.runtime.trt.TrtKeepAlive;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PluginFieldDataTest {
    @Test void encodesEachFieldTypeInOrder() {
        List<PluginField> fields = List.of(
                PluginField.floats("scales", 0.5f, 2f),
                PluginField.ints("mode", 3),
                PluginField.chars("method", "bilinear"));
        try (TrtKeepAlive arena = new TrtKeepAlive()) {
            List<PluginFieldData> data = PluginFieldData.of(fields, arena);
            assertEquals(List.of("scales", "mode", "method"), data.stream().map(PluginFieldData::name).toList());

            assertEquals(PluginFieldType.kFLOAT32, data.get(0).type());
            assertEquals(2, data.get(0).length());
            assertEquals(2f, new FloatPointer(data.get(0).data()).get(1));

            assertEquals(PluginFieldType.kINT32, data.get(1).type());
            assertEquals(1, data.get(1).length());
            assertEquals(3, new IntPointer(data.get(1).data()).get(0));

            PluginFieldData method = data.get(2);
            assertEquals(PluginFieldType.kCHAR, method.type());
            assertEquals(8, method.length());
            BytePointer chars = new BytePointer(method.data());
            byte[] text = new byte[8];
            chars.get(text);
            assertEquals("bilinear", new String(text, StandardCharsets.UTF_8));
            assertEquals(0, chars.get(8), "NUL-terminated in memory");
        }
    }

    @Test void multiByteCharactersCountAsUtf8Bytes() {
        try (TrtKeepAlive arena = new TrtKeepAlive()) {
            assertEquals(3, PluginFieldData.of(PluginField.chars("s", "aé"), arena).length());
        }
    }

    @Test void emptyArraysStillGetAValidPointer() {
        try (TrtKeepAlive arena = new TrtKeepAlive()) {
            PluginFieldData d = PluginFieldData.of(PluginField.floats("none"), arena);
            assertEquals(0, d.length());
            assertFalse(d.data().isNull());
        }
    }
}
