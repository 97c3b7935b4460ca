package org.trt4j.weights.convert;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;
import org.trt4j.weights.WeightFiles;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.wts.WtsWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The Java converters against gen_wts.py: the fixtures' .wts files were written by gen_wts.py (make_fixtures.py). */
class ConverterFixturesTest {
    static final Path DIR = Path.of("src/test/resources/fixtures");

    @ParameterizedTest(name = "{0} {2} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "plain.pth|plain.wts|",
            "plain.pth|plain_keep_int.wts|--keep-int-buffers",
            "plain.pth|plain_select.wts|--select-prefix view. --strip-prefix view.",
            "wrapped_state_dict.pth|wrapped_state_dict.wts|",
            "wrapped_model.pth|wrapped_model.wts|",
            "full_module.pth|full_module.wts|",
            "module_prefix.pth|module_prefix.wts|",
            "tensors.safetensors|tensors.wts|",
            "tensors.safetensors|tensors_keep_int.wts|--keep-int-buffers",
            "tiny.weights|tiny.wts|--cfg tiny.cfg",
            "tiny_v01.weights|tiny_v01.wts|--cfg tiny.cfg",
    })
    void javaConverterEqualsGenWts(String input, String expected, String opts) throws IOException {
        String strip = null, select = null;
        Path cfg = null;
        boolean keepInt = false;
        String[] o = opts == null ? new String[0] : opts.split(" ");
        for (int i = 0; i < o.length; i++) {
            switch (o[i]) {
                case "--keep-int-buffers" -> keepInt = true;
                case "--select-prefix" -> select = o[++i];
                case "--strip-prefix" -> strip = o[++i];
                case "--cfg" -> cfg = DIR.resolve(o[++i]);
                default -> fail("unknown option " + o[i]);
            }
        }
        WeightMap m = WeightFiles.load(DIR.resolve(input), cfg, new ConvertOptions(strip, select, keepInt));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WtsWriter.write(m, out);
        String want = Files.readString(DIR.resolve(expected), StandardCharsets.US_ASCII);
        assertEquals(want, out.toString(StandardCharsets.US_ASCII));
    }

    @Test void viewsKeepTheirShapeAndValues() throws IOException {
        WeightMap m = WeightFiles.load(DIR.resolve("plain.pth"));
        float[] base = m.get("view.base").toArray();
        float[] t = m.get("view.transposed").toArray();
        assertArrayEquals(new int[]{4, 6}, m.get("view.transposed").shape().orElseThrow());
        for (int r = 0; r < 6; r++)
            for (int c = 0; c < 4; c++) assertEquals(base[r * 4 + c], t[c * 6 + r]);
        float[] s = m.get("view.sliced").toArray(); // base[1:5:2, 1:]
        assertArrayEquals(new int[]{2, 3}, m.get("view.sliced").shape().orElseThrow());
        assertEquals(base[4 + 1], s[0]);
        assertEquals(base[3 * 4 + 3], s[5]);
        assertFalse(m.contains("1.num_batches_tracked"));
        assertEquals(List.of("0.weight", "0.bias"), m.names().subList(0, 2));
    }

    @Test void legacyCheckpointExplainsHowToResave() {
        UserError e = assertThrows(UserError.class, () -> WeightFiles.load(DIR.resolve("legacy.pth")));
        assertTrue(e.getMessage().contains("legacy (non-zip)") && e.getMessage().contains("_use_new_zipfile_serialization=True"),
                e.getMessage());
    }

    @Test void selectPrefixThatMatchesNothing() {
        UserError e = assertThrows(UserError.class, () -> WeightFiles.load(DIR.resolve("plain.pth"), null,
                new ConvertOptions(null, "backbone.", false)));
        assertTrue(e.getMessage().contains("no key starts with 'backbone.'"), e.getMessage());
    }
}
