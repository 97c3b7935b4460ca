package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;
import org.trt4j.plugins.BatchedNmsSpec;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.BatchNorm2d;
import org.trt4j.runtime.nn.Conv2d;
import org.trt4j.runtime.nn.ConvBnAct;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.nn.Lambda;
import org.trt4j.runtime.nn.Module;
import org.trt4j.weights.darknet.CfgSection;
import org.trt4j.weights.darknet.DarknetCfg;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A Darknet detector (YOLOv3, YOLOv3-tiny, ...) defined from its cfg as modules, one per cfg layer under
 * {@code module_list}: convolution + batch norm (eps 1e-5, folded to a per-channel scale) + LeakyReLU 0.1, shortcut
 * sums, route concatenations, nearest ×2 upsampling, max pooling, and [yolo] heads. Layer and weight names follow the tensorrtx /
 * ultralytics-archive layout: {@code module_list.N.Conv2d.weight}, {@code module_list.N.BatchNorm2d.running_var}.
 *
 * <p>Input: N × channels × size × size float RGB in [0, 1], N may be dynamic. Outputs: the raw heads
 * {@code head0..} (cfg order), and/or the decoded {@code boxes} [N, B, 4] (x1, y1, x2, y2 in input pixels) and
 * {@code scores} [N, B, C] (objectness × class probability), B enumerating heads, anchors, rows, columns, and/or
 * the detections after non-maximum suppression inside the network: {@code det_count} [N], {@code det_boxes}
 * [N, K, 4], {@code det_scores} [N, K], {@code det_classes} [N, K] (zero-padded, by descending score).
 */
public final class YoloV3Network extends Module {
    static final float BN_EPS = 1e-5f;
    static final float LEAKY_SLOPE = 0.1f;
    /** The outputs of heads=detections, in the BatchedNms plugin's order. */
    public static final List<String> DETECTION_OUTPUTS = List.of("det_count", "det_boxes", "det_scores", "det_classes");

    private final DarknetCfg cfg;
    /** One module per cfg layer, in cfg order; null for [yolo], which adds no layers. */
    private final List<Module> layers = new ArrayList<>();
    /** Each cfg layer's output while the network is defined, for the shortcut and route layers. */
    private final List<Tensor> outputs = new ArrayList<>();

    /** The raw head tensors (cfg order) and their [yolo] settings at the input size. */
    private record Body(List<Tensor> raw, List<YoloHead> heads) {}

    private YoloV3Network(DarknetCfg cfg) {
        super("module_list");
        this.cfg = cfg;
        List<Integer> channels = new ArrayList<>();
        int c = cfg.channels();
        boolean hasHead = false;
        for (CfgSection s : cfg.layers()) {
            String name = String.valueOf(s.index());
            Module m = null;
            switch (s.type()) {
                case "convolutional" -> {
                    m = convolution(name, s, c);
                    c = s.requireInt("filters");
                }
                case "shortcut" -> m = shortcut(name, s);
                case "route" -> {
                    int[] refs = routeRefs(s);
                    c = 0;
                    for (int r : refs) c += channels.get(r);
                    m = route(name, refs);
                }
                case "upsample" -> m = upsample(name, s);
                case "maxpool" -> m = maxpool(name, s);
                case "yolo" -> hasHead = true;
                default -> throw new UserError(cfg.source() + ":" + s.line() + ": layer " + s.index() + " [" + s.type()
                        + "] is not supported (convolutional, shortcut, route, upsample, maxpool, yolo are)");
            }
            layers.add(m == null ? null : add(m));
            channels.add(c);
        }
        if (!hasHead) throw new UserError(cfg.source() + ": no [yolo] layer");
    }

    /**
     * Adds the layers for {@code input} (N x channels x size x size, size a multiple of 32) to the current network
     * and marks the {@code outputs} asked for; returns the [yolo] heads at this input size.
     */
    public static List<YoloHead> addLayers(Network network, DarknetCfg cfg, Tensor input, YoloV3Options.Heads outputs, NmsSettings nms) {
        int size = input.rank() == 4 ? input.dim(3) : -1;
        if (size <= 0 || size % 32 != 0 || input.dim(2) != size)
            throw new UserError("input " + input.shape() + ": expected N x C x S x S with S a positive multiple of 32");
        if (input.dim(1) != cfg.channels())
            throw new UserError("input " + input.shape() + " has " + input.dim(1) + " channels, " + cfg.source() + " expects " + cfg.channels());
        Body body = new YoloV3Network(cfg).body(input, size);
        List<Tensor> raw = body.raw();
        boolean all = outputs == YoloV3Options.Heads.ALL;
        if (all || outputs == YoloV3Options.Heads.RAW)
            for (int i = 0; i < raw.size(); i++) network.markOutput("head" + i, raw.get(i));
        if (outputs == YoloV3Options.Heads.RAW) return body.heads();
        Tensor[] decoded = YoloDecode.define(network, raw, body.heads());
        if (all || outputs == YoloV3Options.Heads.DECODED) {
            network.markOutput("boxes", decoded[0]);
            network.markOutput("scores", decoded[1]);
        }
        if (all || outputs == YoloV3Options.Heads.DETECTIONS) {
            // the trt4j BatchedNms plugin (TensorRT 10.x's own NMS layer is slow: data-dependent shapes), in a layer
            // named "nms" as the engine's layer table shows it
            Layer nmsLayer = network.addLayer("nms", new Op.Plugin(new BatchedNmsSpec(nms.plugin())), List.of(decoded[0], decoded[1]));
            for (int i = 0; i < DETECTION_OUTPUTS.size(); i++) network.markOutput(DETECTION_OUTPUTS.get(i), nmsLayer.output(i));
        }
        return body.heads();
    }

    private Body body(Tensor input, int inputSize) {
        return scoped(() -> {
            outputs.clear();
            List<Tensor> raw = new ArrayList<>();
            List<YoloHead> heads = new ArrayList<>();
            Tensor x = input;
            for (int i = 0; i < layers.size(); i++) {
                Module m = layers.get(i);
                if (m != null) {
                    x = m.call(x);
                } else {
                    heads.add(YoloHead.from(cfg.layers().get(i), inputSize, x.dim(1), x.dim(2), x.dim(3)));
                    raw.add(x);
                }
                outputs.add(x);
            }
            return new Body(List.copyOf(raw), List.copyOf(heads));
        });
    }

    /** Conv2d (bias only without batch norm), BatchNorm2d, activation: keys {@code N.Conv2d.weight}, {@code N.BatchNorm2d.running_var}. */
    private Module convolution(String name, CfgSection s, int in) {
        int filters = s.requireInt("filters"), size = s.requireInt("size"), stride = s.getInt("stride", 1);
        int groups = s.getInt("groups", 1);
        int pad = s.getInt("pad", 0) != 0 ? size / 2 : s.getInt("padding", 0);
        boolean bn = s.getInt("batch_normalize", 0) != 0;
        if (in % groups != 0)
            throw new UserError(cfg.source() + ":" + s.lineOf("groups") + ": layer " + s.index() + " groups=" + groups
                    + " does not divide its " + in + " input channels");
        String activation = s.activation();
        UnaryOperator<Tensor> act = switch (activation) {
            case "leaky" -> y -> F.leakyRelu(y, LEAKY_SLOPE);
            case "linear" -> null;
            default -> throw new UserError(cfg.source() + ":" + s.lineOf("activation") + ": layer " + s.index()
                    + " activation=" + activation + " is not supported (leaky, linear)");
        };
        Conv2d conv = new Conv2d("Conv2d", in, filters, size).stride(stride).padding(pad).groups(groups).bias(!bn);
        return new ConvBnAct(name, conv, bn ? new BatchNorm2d("BatchNorm2d", filters).eps(BN_EPS) : null, act);
    }

    private Module shortcut(String name, CfgSection s) {
        int[] from = cfg.resolveRefs(s, "from");
        if (from.length != 1 || !s.activation().equals("linear"))
            throw new UserError(cfg.source() + ":" + s.line() + ": layer " + s.index()
                    + " [shortcut] supports one 'from' layer and activation=linear");
        return new Lambda(name, x -> {
            Tensor other = outputs.get(from[0]);
            if (!other.shape().equals(x.shape()))
                throw new UserError(cfg.source() + ":" + s.lineOf("from") + ": layer " + s.index() + " adds layer " + from[0] + " "
                        + other.shape() + " to " + x.shape());
            return F.add(x, other);
        });
    }

    private int[] routeRefs(CfgSection s) {
        if (s.has("groups"))
            throw new UserError(cfg.source() + ":" + s.lineOf("groups") + ": layer " + s.index() + " [route] groups is not supported");
        return cfg.resolveRefs(s, "layers");
    }

    private Module route(String name, int[] refs) {
        return new Lambda(name, x -> {
            if (refs.length == 1) return outputs.get(refs[0]);
            List<Tensor> parts = new ArrayList<>();
            for (int r : refs) parts.add(outputs.get(r));
            return F.cat(parts, 1);
        });
    }

    private static Module upsample(String name, CfgSection s) {
        float f = s.getInt("stride", 2);
        return new Lambda(name, x -> F.interpolate(x, null, new float[]{f, f}, "nearest", false));
    }

    /** Darknet max pooling: padding size−1 in total (default), the extra cell after; padded cells never win. */
    private static Module maxpool(String name, CfgSection s) {
        int size = s.requireInt("size"), stride = s.getInt("stride", 1);
        int padding = s.getInt("padding", size - 1);
        int before = padding / 2, after = padding - before;
        return new Lambda(name, x -> F.pooling(x, Op.PoolingType.MAX, new int[]{size, size}, new int[]{stride, stride},
                new int[]{before, before}, new int[]{after, after}, false, false));
    }
}
