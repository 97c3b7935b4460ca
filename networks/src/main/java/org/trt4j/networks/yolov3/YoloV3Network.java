package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;
import org.trt4j.plugins.BatchedNmsSpec;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.WeightBinding;
import org.trt4j.runtime.graph.Weights;
import org.trt4j.weights.darknet.CfgSection;
import org.trt4j.weights.darknet.DarknetCfg;

import java.util.ArrayList;
import java.util.List;

/**
 * A Darknet detector (YOLOv3, YOLOv3-tiny, ...) defined layer by layer from its cfg: convolution + batch norm
 * (eps 1e-5, folded to a per-channel scale) + LeakyReLU 0.1, shortcut sums, route concatenations, nearest ×2
 * upsampling as a Resize, max pooling, and [yolo] heads. Layer and weight names follow the tensorrtx /
 * ultralytics-archive layout: {@code module_list.N.Conv2d.weight}, {@code module_list.N.BatchNorm2d.running_var}.
 *
 * <p>Input: N × channels × size × size float RGB in [0, 1], N may be dynamic. Outputs: the raw heads
 * {@code head0..} (cfg order), and/or the decoded {@code boxes} [N, B, 4] (x1, y1, x2, y2 in input pixels) and
 * {@code scores} [N, B, C] (objectness × class probability), B enumerating heads, anchors, rows, columns, and/or
 * the detections after non-maximum suppression inside the network: {@code det_count} [N], {@code det_boxes}
 * [N, K, 4], {@code det_scores} [N, K], {@code det_classes} [N, K] (zero-padded, by descending score).
 */
public final class YoloV3Network {
    static final float BN_EPS = 1e-5f;
    static final float LEAKY_SLOPE = 0.1f;
    /** The outputs of heads=detections, in the BatchedNms plugin's order. */
    public static final List<String> DETECTION_OUTPUTS = List.of("det_count", "det_boxes", "det_scores", "det_classes");

    private final DarknetCfg cfg;
    private final int inputSize;
    private final List<YoloHead> heads = new ArrayList<>();

    private YoloV3Network(DarknetCfg cfg, int inputSize) {
        this.cfg = cfg;
        this.inputSize = inputSize;
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
        YoloV3Network builder = new YoloV3Network(cfg, size);
        List<Tensor> raw = builder.body(network, input);
        boolean all = outputs == YoloV3Options.Heads.ALL;
        if (all || outputs == YoloV3Options.Heads.RAW)
            for (int i = 0; i < raw.size(); i++) network.markOutput("head" + i, raw.get(i));
        if (outputs == YoloV3Options.Heads.RAW) return List.copyOf(builder.heads);
        Tensor[] decoded = YoloDecode.define(network, raw, builder.heads);
        if (all || outputs == YoloV3Options.Heads.DECODED) {
            network.markOutput("boxes", decoded[0]);
            network.markOutput("scores", decoded[1]);
        }
        if (all || outputs == YoloV3Options.Heads.DETECTIONS) {
            // the trt4j BatchedNms plugin: TensorRT 10.x's own NMS layer is slow (data-dependent shapes)
            Layer nmsLayer = network.addLayer("nms", new Op.Plugin(new BatchedNmsSpec(nms.plugin())), List.of(decoded[0], decoded[1]));
            for (int i = 0; i < DETECTION_OUTPUTS.size(); i++) network.markOutput(DETECTION_OUTPUTS.get(i), nmsLayer.output(i));
        }
        return List.copyOf(builder.heads);
    }

    private List<Tensor> body(Network net, Tensor input) {
        List<Tensor> outputs = new ArrayList<>();
        List<Tensor> rawHeads = new ArrayList<>();
        Tensor x = input;
        for (CfgSection s : cfg.layers()) {
            String scope = "module_list." + s.index();
            try (var ns = net.enterScope(scope)) {
                x = switch (s.type()) {
                    case "convolutional" -> convolution(net, s, scope, x);
                    case "shortcut" -> shortcut(net, s, x, outputs);
                    case "route" -> route(net, s, outputs);
                    case "upsample" -> upsample(net, s, x);
                    case "maxpool" -> maxpool(net, s, x);
                    case "yolo" -> {
                        heads.add(YoloHead.from(s, inputSize, x.dim(1), x.dim(2), x.dim(3)));
                        rawHeads.add(x);
                        yield x;
                    }
                    default -> throw new UserError(cfg.source() + ":" + s.line() + ": layer " + s.index() + " [" + s.type()
                            + "] is not supported (convolutional, shortcut, route, upsample, maxpool, yolo are)");
                };
            }
            outputs.add(x);
        }
        if (rawHeads.isEmpty()) throw new UserError(cfg.source() + ": no [yolo] layer");
        return rawHeads;
    }

    private Tensor convolution(Network net, CfgSection s, String scope, Tensor x) {
        int filters = s.requireInt("filters"), size = s.requireInt("size"), stride = s.getInt("stride", 1);
        int groups = s.getInt("groups", 1);
        int pad = s.getInt("pad", 0) != 0 ? size / 2 : s.getInt("padding", 0);
        boolean bn = s.getInt("batch_normalize", 0) != 0;
        int in = x.dim(1);
        if (in % groups != 0)
            throw new UserError(cfg.source() + ":" + s.lineOf("groups") + ": layer " + s.index() + " groups=" + groups
                    + " does not divide its " + in + " input channels");
        WeightBinding w = net.weights();
        Weights kernel = w.require(scope + ".Conv2d.weight", Shape.of(filters, in / groups, size, size));
        Weights bias = bn ? null : w.require(scope + ".Conv2d.bias", Shape.of(filters));
        int[] k = {size, size}, st = {stride, stride}, p = {pad, pad};
        Tensor y = net.add("Conv2d", new Op.Convolution(filters, k, st, p, p, new int[]{1, 1}, groups, kernel, bias), x);
        if (bn) y = net.add("BatchNorm2d", foldBatchNorm(w, scope + ".BatchNorm2d", filters), y);
        String activation = s.activation();
        return switch (activation) {
            case "leaky" -> net.add("activation", new Op.Activation(Op.ActivationType.LEAKY_RELU, LEAKY_SLOPE, 0f), y);
            case "linear" -> y;
            default -> throw new UserError(cfg.source() + ":" + s.lineOf("activation") + ": layer " + s.index()
                    + " activation=" + activation + " is not supported (leaky, linear)");
        };
    }

    /** Inference batch norm as y = x·scale + shift per channel, scale = γ/√(var+eps), shift = β − mean·scale. */
    private static Op.Scale foldBatchNorm(WeightBinding w, String prefix, int channels) {
        Shape c = Shape.of(channels);
        float[] gamma = w.require(prefix + ".weight", c).floats(), beta = w.require(prefix + ".bias", c).floats();
        float[] mean = w.require(prefix + ".running_mean", c).floats(), var = w.require(prefix + ".running_var", c).floats();
        w.ignore(prefix + ".num_batches_tracked");
        float[] scale = new float[channels], shift = new float[channels];
        for (int i = 0; i < channels; i++) {
            scale[i] = (float) (gamma[i] / Math.sqrt(var[i] + (double) BN_EPS));
            shift[i] = beta[i] - mean[i] * scale[i];
        }
        return new Op.Scale(Op.ScaleMode.CHANNEL, 1, Weights.of(prefix + " (folded shift)", shift, channels),
                Weights.of(prefix + " (folded scale)", scale, channels), null);
    }

    private Tensor shortcut(Network net, CfgSection s, Tensor x, List<Tensor> outputs) {
        int[] from = cfg.resolveRefs(s, "from");
        if (from.length != 1 || !s.activation().equals("linear"))
            throw new UserError(cfg.source() + ":" + s.line() + ": layer " + s.index()
                    + " [shortcut] supports one 'from' layer and activation=linear");
        Tensor other = outputs.get(from[0]);
        if (!other.shape().equals(x.shape()))
            throw new UserError(cfg.source() + ":" + s.lineOf("from") + ": layer " + s.index() + " adds layer " + from[0] + " "
                    + other.shape() + " to " + x.shape());
        return net.add("add", new Op.ElementWise(Op.ElementWiseOperation.SUM), x, other);
    }

    private Tensor route(Network net, CfgSection s, List<Tensor> outputs) {
        if (s.has("groups"))
            throw new UserError(cfg.source() + ":" + s.lineOf("groups") + ": layer " + s.index() + " [route] groups is not supported");
        int[] refs = cfg.resolveRefs(s, "layers");
        if (refs.length == 1) return outputs.get(refs[0]);
        Tensor[] parts = new Tensor[refs.length];
        for (int i = 0; i < refs.length; i++) parts[i] = outputs.get(refs[i]);
        return net.add("concat", new Op.Concat(1), parts);
    }

    private static Tensor upsample(Network net, CfgSection s, Tensor x) {
        float f = s.getInt("stride", 2);
        return net.add("upsample", new Op.Resize(Op.ResizeMode.NEAREST, Op.CoordinateTransform.ASYMMETRIC,
                Op.NearestRounding.FLOOR, -0.75f, new float[]{1, 1, f, f}, null), x);
    }

    /** Darknet max pooling: padding size−1 in total (default), the extra cell after; padded cells never win. */
    private static Tensor maxpool(Network net, CfgSection s, Tensor x) {
        int size = s.requireInt("size"), stride = s.getInt("stride", 1);
        int padding = s.getInt("padding", size - 1);
        int before = padding / 2, after = padding - before;
        return net.add("maxpool", new Op.Pooling(Op.PoolingType.MAX, new int[]{size, size}, new int[]{stride, stride},
                new int[]{before, before}, new int[]{after, after}, false, false), x);
    }
}
