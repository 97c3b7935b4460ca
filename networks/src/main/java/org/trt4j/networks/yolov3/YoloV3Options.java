package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;
import org.trt4j.runtime.OptionSpec;
import org.trt4j.runtime.Options;

import java.util.List;
import java.util.Locale;

/** The yolov3 network's build options ({@code --option key=value}). */
public record YoloV3Options(int inputSize, int maxBatch, Heads heads, String cfg, NmsSettings nms) {

    /** What the network outputs. */
    public enum Heads {
        /** the raw [yolo] heads head0, head1, ... (parity with PyTorch and the ONNX model) */
        RAW,
        /** boxes [N, B, 4] and scores [N, B, C], decoded inside the network */
        DECODED,
        /** count [N], boxes [N, K, 4], scores [N, K], classes [N, K]: non-maximum suppression inside the network */
        DETECTIONS,
        /** all of the above (parity checks of the decode and NMS) */
        ALL
    }

    public static final List<OptionSpec> SPECS = List.of(
            new OptionSpec("input", "608", "input height = width in pixels, a multiple of 32"),
            new OptionSpec("batch", "1", "largest batch the engine's profile accepts (1..batch)"),
            new OptionSpec("heads", "detections", "outputs: detections (NMS in the network: count, boxes, scores, classes), "
                    + "decoded (boxes + scores for host NMS), raw (the three heads) or all"),
            new OptionSpec("score", "0.5", "NMS score threshold (objectness x class), with heads=detections"),
            new OptionSpec("iou", "0.45", "NMS IoU threshold, with heads=detections"),
            new OptionSpec("max", "100", "detections kept per image, with heads=detections"),
            new OptionSpec("per_class", "0", "most detections kept per class (0: as many as max), with heads=detections"),
            new OptionSpec("candidates", "4096", "NMS considers the best this many (box, class) pairs above the score "
                    + "threshold (1..4096; exact when that many suffice), with heads=detections"),
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
            throw new UserError("option heads=" + h + ": expected detections, decoded, raw or all");
        }
        int max = o.integer("max"), perClass = o.integer("per_class");
        return new YoloV3Options(o.integer("input"), o.integer("batch"), heads, o.string("cfg"),
                new NmsSettings(o.real("score"), o.real("iou"), perClass == 0 ? max : perClass, max, o.integer("candidates")));
    }
}
