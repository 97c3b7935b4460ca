package org.trt4j.weights.darknet;

import org.junit.jupiter.api.Test;
import org.trt4j.error.UserError;

import static org.junit.jupiter.api.Assertions.*;

class DarknetCfgTest {
    static final String CFG = String.join("\n",
            "# tiny test net",
            "[net]",
            "batch=1",
            "width=64 ",
            "height = 32",
            "",
            "[convolutional]",
            "batch_normalize=1",
            "filters=8",
            "size=3",
            "stride=1",
            "pad=1",
            "activation=leaky # inline comment",
            "; a comment line",
            "[maxpool]",
            "size=2",
            "stride=2",
            "[route]",
            "layers = -1, 0",
            "[shortcut]",
            "from=-3",
            "activation=linear",
            "[upsample]",
            "stride=2",
            "[yolo]",
            "mask = 0,1,2",
            "anchors = 10,13,  16,30,  33,23",
            "classes=80",
            "");

    @Test void parsesSectionsOptionsAndNet() {
        DarknetCfg cfg = DarknetCfg.parse("t.cfg", CFG);
        assertEquals(64, cfg.width());
        assertEquals(32, cfg.height());
        assertEquals(3, cfg.channels());
        assertEquals(6, cfg.layers().size());
        CfgSection conv = cfg.layer(0);
        assertEquals("convolutional", conv.type());
        assertEquals(0, conv.index());
        assertEquals(8, conv.requireInt("filters"));
        assertEquals("leaky", conv.activation());
        assertEquals(1, conv.getInt("groups", 1));
        assertEquals("maxpool", cfg.layer(1).type());
        assertArrayEquals(new int[]{1, 0}, cfg.resolveRefs(cfg.layer(2), "layers"));
        assertArrayEquals(new int[]{0}, cfg.resolveRefs(cfg.layer(3), "from"));
        CfgSection yolo = cfg.layer(5);
        assertArrayEquals(new int[]{0, 1, 2}, yolo.requireIntList("mask"));
        assertArrayEquals(new float[]{10, 13, 16, 30, 33, 23}, yolo.requireFloatList("anchors"));
        assertEquals(7, conv.line());
    }

    @Test void errorsNameFileAndLine() {
        UserError e = assertThrows(UserError.class, () -> DarknetCfg.parse("t.cfg", "[net]\nwidth=1\nnonsense\n"));
        assertTrue(e.getMessage().startsWith("t.cfg:3:"), e.getMessage());
        e = assertThrows(UserError.class, () -> DarknetCfg.parse("t.cfg", "[convolutional]\nfilters=1\n"));
        assertTrue(e.getMessage().contains("first section must be [net]"), e.getMessage());
        DarknetCfg cfg = DarknetCfg.parse("t.cfg", "[net]\nwidth=1\n[convolutional]\nfilters=x\n[route]\nlayers=-5\n");
        e = assertThrows(UserError.class, () -> cfg.layer(0).requireInt("filters"));
        assertTrue(e.getMessage().startsWith("t.cfg:4:") && e.getMessage().contains("filters=x"), e.getMessage());
        e = assertThrows(UserError.class, () -> cfg.resolveRefs(cfg.layer(1), "layers"));
        assertTrue(e.getMessage().startsWith("t.cfg:6:"), e.getMessage());
        e = assertThrows(UserError.class, () -> cfg.layer(0).requireInt("size"));
        assertTrue(e.getMessage().contains("has no 'size'"), e.getMessage());
        assertThrows(UserError.class, () -> DarknetCfg.parse("t.cfg", "# nothing\n"));
    }
}
