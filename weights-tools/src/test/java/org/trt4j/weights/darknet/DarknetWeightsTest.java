package org.trt4j.weights.darknet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trt4j.error.UserError;
import org.trt4j.weights.WeightMap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DarknetWeightsTest {
    @TempDir Path dir;

    // layer 0: conv+BN 3->2 k3; 1: maxpool; 2: conv 2->3 k1 with bias; 3: route -1,0 (3+2=5); 4: conv+BN 5->1 k1
    static final String CFG = "[net]\nwidth=8\nheight=8\nchannels=3\n"
            + "[convolutional]\nbatch_normalize=1\nfilters=2\nsize=3\nactivation=leaky\n"
            + "[maxpool]\nsize=2\nstride=2\n"
            + "[convolutional]\nfilters=3\nsize=1\nactivation=linear\n"
            + "[route]\nlayers=-1,0\n"
            + "[convolutional]\nbatch_normalize=1\nfilters=1\nsize=1\n";
    static final int FLOATS = (2 * 4 + 2 * 3 * 9) + (3 + 3 * 2) + (1 * 4 + 1 * 5);

    private Path weights(int major, int minor, int floats) throws IOException {
        boolean longSeen = major * 10 + minor >= 2;
        ByteBuffer b = ByteBuffer.allocate((longSeen ? 20 : 16) + floats * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(major).putInt(minor).putInt(0);
        if (longSeen) b.putLong(123456789L); else b.putInt(1234);
        for (int i = 0; i < floats; i++) b.putFloat(i); // value = position in the file's float area
        Path p = dir.resolve("m.weights");
        Files.write(p, b.array());
        return p;
    }

    private static float[] range(int from, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = from + i;
        return v;
    }

    @Test void readsBlocksInDarknetOrderAndNamesThemLikeTensorrtx() throws IOException {
        for (int[] version : new int[][]{{0, 2}, {0, 1}, {1, 0}}) {
            WeightMap m = DarknetWeights.read(weights(version[0], version[1], FLOATS), DarknetCfg.parse("t.cfg", CFG));
            assertEquals(List.of("module_list.0.Conv2d.weight", "module_list.0.BatchNorm2d.weight",
                    "module_list.0.BatchNorm2d.bias", "module_list.0.BatchNorm2d.running_mean",
                    "module_list.0.BatchNorm2d.running_var", "module_list.2.Conv2d.weight", "module_list.2.Conv2d.bias",
                    "module_list.4.Conv2d.weight", "module_list.4.BatchNorm2d.weight", "module_list.4.BatchNorm2d.bias",
                    "module_list.4.BatchNorm2d.running_mean", "module_list.4.BatchNorm2d.running_var"), m.names());
            // file: beta, gamma, mean, var, weights
            assertArrayEquals(range(0, 2), m.get("module_list.0.BatchNorm2d.bias").toArray());
            assertArrayEquals(range(2, 2), m.get("module_list.0.BatchNorm2d.weight").toArray());
            assertArrayEquals(range(4, 2), m.get("module_list.0.BatchNorm2d.running_mean").toArray());
            assertArrayEquals(range(6, 2), m.get("module_list.0.BatchNorm2d.running_var").toArray());
            assertArrayEquals(range(8, 54), m.get("module_list.0.Conv2d.weight").toArray());
            assertArrayEquals(new int[]{2, 3, 3, 3}, m.get("module_list.0.Conv2d.weight").shape().orElseThrow());
            assertArrayEquals(range(62, 3), m.get("module_list.2.Conv2d.bias").toArray());
            assertArrayEquals(range(65, 6), m.get("module_list.2.Conv2d.weight").toArray());
            assertArrayEquals(new int[]{1, 5, 1, 1}, m.require("module_list.4.Conv2d.weight", 5).shape().orElseThrow());
            assertArrayEquals(range(75, 5), m.get("module_list.4.Conv2d.weight").toArray());
        }
    }

    @Test void wrongLengthGivesBothByteCounts() throws IOException {
        DarknetCfg cfg = DarknetCfg.parse("t.cfg", CFG);
        Path shortFile = weights(0, 2, FLOATS - 1);
        UserError e = assertThrows(UserError.class, () -> DarknetWeights.read(shortFile, cfg));
        long expected = 20 + FLOATS * 4L;
        assertTrue(e.getMessage().contains((expected - 4) + " bytes, but t.cfg needs " + expected)
                && e.getMessage().contains("short by 4 bytes"), e.getMessage());
        Path longFile = weights(0, 2, FLOATS + 2);
        e = assertThrows(UserError.class, () -> DarknetWeights.read(longFile, cfg));
        assertTrue(e.getMessage().contains("8 bytes are left over"), e.getMessage());
    }

    @Test void unsupportedLayerNamesTheLine() throws IOException {
        DarknetCfg cfg = DarknetCfg.parse("t.cfg", "[net]\nwidth=8\nheight=8\n[connected]\noutput=10\n");
        UserError e = assertThrows(UserError.class, () -> DarknetWeights.read(weights(0, 2, 0), cfg));
        assertTrue(e.getMessage().startsWith("t.cfg:4:") && e.getMessage().contains("[connected]"), e.getMessage());
    }
}
