package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;
import org.trt4j.networks.image.Letterbox;
import org.trt4j.networks.image.RgbImage;
import org.trt4j.runtime.InputSpec;
import org.trt4j.runtime.NetworkFactory;
import org.trt4j.runtime.OptionSpec;
import org.trt4j.runtime.Options;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.darknet.DarknetCfg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code yolov3}: a Darknet YOLO detector from its cfg (yolov3.cfg by default) and tensorrtx-layout weights. */
public final class YoloV3Factory implements NetworkFactory {
    public static final String INPUT = "input";

    @Override public String name() { return "yolov3"; }

    @Override public String description() {
        return "YOLOv3 (Darknet cfg: yolov3, yolov3-tiny, ...) with box decoding and NMS in the network; weights module_list.N.*";
    }

    @Override public List<OptionSpec> options() { return YoloV3Options.SPECS; }

    @Override public List<InputSpec> inputs(Options options) {
        YoloV3Options o = YoloV3Options.of(options);
        int c = cfg(o).channels(), s = o.inputSize();
        return List.of(InputSpec.dynamic(INPUT, DType.FLOAT, Shape.of(Shape.DYNAMIC, c, s, s),
                Shape.of(1, c, s, s), Shape.of(o.maxBatch(), c, s, s), Shape.of(o.maxBatch(), c, s, s)));
    }

    @Override public void define(Network network, Options options) {
        YoloV3Options o = YoloV3Options.of(options);
        YoloV3Network.addLayers(network, cfg(o), network.input(INPUT), o.heads(), o.nms());
    }

    /** The cfg the options name: a file, or the shipped yolov3.cfg / yolov3-tiny.cfg by that name or when empty. */
    public static DarknetCfg cfg(YoloV3Options o) {
        String name = o.cfg().isEmpty() ? "yolov3.cfg" : o.cfg();
        Path file = Path.of(name);
        try {
            if (Files.isRegularFile(file)) return DarknetCfg.parse(file);
            try (InputStream in = YoloV3Factory.class.getResourceAsStream(name)) {
                if (in == null || name.contains("/"))
                    throw new UserError("cfg " + name + ": no such file (shipped cfgs: yolov3.cfg, yolov3-tiny.cfg)");
                return DarknetCfg.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading cfg " + name, e);
        }
    }

    /** Calibration photo: letterboxed to the input size, RGB in 0..1, as detect feeds it. */
    @Override public Map<String, HostTensor> calibrationSample(Path image, Options options) {
        int s = YoloV3Options.of(options).inputSize();
        float[] pixels = new float[3 * s * s];
        new Letterbox(s, true).fill(RgbImage.readImage(image, RgbImage.DEFAULT_MAX_PIXELS), pixels, 0);
        return Map.of(INPUT, HostTensor.of(pixels, 1, 3, s, s));
    }
}
