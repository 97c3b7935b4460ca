package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;
import org.trt4j.runtime.OptionSpec;
import org.trt4j.runtime.Options;

import java.util.List;
import java.util.Locale;

/** The yolov3 network's build options ({@code --option key=value}). */
public record YoloV3Options(int inputSize, int maxBatch, Heads heads, String cfg) {

    /** What the network outputs. */
    public enum Heads {
        /** the raw [yolo] heads head0, head1, ... (parity with PyTorch and the ONNX model) */
        RAW,
        /** boxes [N, B, 4] and scores [N, B, C], decoded inside the network */
        DECODED,
        /** both (parity checks of the decode) */
        ALL
    }

    public static final List<OptionSpec> SPECS = List.of(
            new OptionSpec("input", "608", "input height = width in pixels, a multiple of 32"),
            new OptionSpec("batch", "1", "largest batch the engine's profile accepts (1..batch)"),
            new OptionSpec("heads", "decoded", "outputs: raw (the three heads), decoded (boxes + scores) or all"),
            new OptionSpec("cfg", "", "Darknet cfg file (empty: the shipped yolov3.cfg; yolov3-tiny.cfg is also shipped)"));

    public YoloV3Options {
        if (inputSize <= 0 || inputSize % 32 != 0) throw new UserError("option input=" + inputSize + ": must be a positive multiple of 32");
        if (maxBatch < 1) throw new UserError("option batch=" + maxBatch + ": must be at least 1");
    }

    public static YoloV3Options of(Options o) {
        String h = o.string("heads");
        Heads heads;
        try {
            heads = Heads.valueOf(h.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("option heads=" + h + ": expected raw, decoded or all");
        }
        return new YoloV3Options(o.integer("input"), o.integer("batch"), heads, o.string("cfg"));
    }
}
