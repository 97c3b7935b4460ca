package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;

import java.util.List;

/**
 * YOLOv3 box decoding as network layers, so it runs inside the engine (and on the CPU backend): per head,
 * centre = (sigmoid(t_xy) + cell) · stride, size = exp(t_wh) · anchor, score = sigmoid(obj) · sigmoid(class);
 * boxes as corners. Only static non-batch shapes are used, so the batch dimension may stay dynamic.
 */
final class YoloDecode {
    private YoloDecode() {}

    /** Returns {boxes [N, B, 4], scores [N, B, C]} for the raw heads (cfg order). */
    static Tensor[] define(Network net, List<Tensor> raw, List<YoloHead> heads) {
        int classes = heads.get(0).classes();
        Tensor[] boxes = new Tensor[raw.size()], scores = new Tensor[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            YoloHead h = heads.get(i);
            if (h.classes() != classes)
                throw new UserError("[yolo] layers " + heads.get(0).layerIndex() + " and " + h.layerIndex() + " have different class counts");
            try (var ns = net.enterScope("decode." + i)) {
                Tensor[] bs = head(net, raw.get(i), h);
                boxes[i] = bs[0];
                scores[i] = bs[1];
            }
        }
        try (var ns = net.enterScope("decode")) {
            Tensor allBoxes = boxes.length == 1 ? boxes[0] : net.add("boxes", new Op.Concat(1), boxes);
            Tensor allScores = scores.length == 1 ? scores[0] : net.add("scores", new Op.Concat(1), scores);
            return new Tensor[]{allBoxes, allScores};
        }
    }

    private static Tensor[] head(Network net, Tensor x, YoloHead h) {
        int a = h.anchors(), c = h.classes(), cells = h.gridH() * h.gridW(), fields = 5 + c;
        Tensor p = net.add("view", new Op.Shuffle(null, new int[]{0, a, fields, cells}, false, null), x);
        Tensor xy = pick(net, "xy", p, 0, 2), wh = pick(net, "wh", p, 2, 2);
        Tensor obj = pick(net, "obj", p, 4, 1), cls = pick(net, "cls", p, 5, c);

        float[] grid = new float[2 * cells];
        for (int r = 0; r < h.gridH(); r++)
            for (int col = 0; col < h.gridW(); col++) {
                grid[r * h.gridW() + col] = col;
                grid[cells + r * h.gridW() + col] = r;
            }
        float[] anchors = new float[2 * a];
        for (int k = 0; k < a; k++) {
            anchors[2 * k] = h.anchorW()[k];
            anchors[2 * k + 1] = h.anchorH()[k];
        }
        Tensor center = mul(net, "center", add(net, "cell", sigmoid(net, "xy_sigmoid", xy),
                constant(net, "grid", grid, 1, 1, 2, cells)), constant(net, "stride", new float[]{h.stride()}, 1, 1, 1, 1));
        Tensor size = mul(net, "size", unary(net, "wh_exp", Op.UnaryOperation.EXP, wh),
                constant(net, "anchors", anchors, 1, a, 2, 1));
        Tensor half = mul(net, "half", size, constant(net, "one_half", new float[]{0.5f}, 1, 1, 1, 1));
        Tensor topLeft = net.add("top_left", new Op.ElementWise(Op.ElementWiseOperation.SUB), center, half);
        Tensor bottomRight = add(net, "bottom_right", center, half);
        Tensor corners = net.add("corners", new Op.Concat(2), topLeft, bottomRight);            // [N, a, 4, cells]
        Tensor boxes = net.add("boxes", new Op.Shuffle(new int[]{0, 1, 3, 2}, new int[]{0, a * cells, 4}, false, null), corners);
        Tensor score = mul(net, "score", sigmoid(net, "obj_sigmoid", obj), sigmoid(net, "cls_sigmoid", cls)); // [N, a, c, cells]
        Tensor scores = net.add("scores", new Op.Shuffle(new int[]{0, 1, 3, 2}, new int[]{0, a * cells, c}, false, null), score);
        return new Tensor[]{boxes, scores};
    }

    /** Fields [from, from + count) of dimension 2, by a gather so the dynamic batch needs no shape arithmetic. */
    private static Tensor pick(Network net, String name, Tensor p, int from, int count) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = from + i;
        Tensor indices = net.add(name + "_index", new Op.Constant(Weights.ofInts(net.scopePath() + "." + name + "_index", DType.INT32, idx, count)));
        return net.add(name, new Op.Gather(2), p, indices);
    }

    private static Tensor constant(Network net, String name, float[] values, int... shape) {
        return net.add(name, new Op.Constant(Weights.of(net.scopePath() + "." + name, values, shape)));
    }

    private static Tensor sigmoid(Network net, String name, Tensor x) {
        return net.add(name, new Op.Activation(Op.ActivationType.SIGMOID, 0f, 0f), x);
    }

    private static Tensor unary(Network net, String name, Op.UnaryOperation op, Tensor x) {
        return net.add(name, new Op.Unary(op), x);
    }

    private static Tensor add(Network net, String name, Tensor a, Tensor b) {
        return net.add(name, new Op.ElementWise(Op.ElementWiseOperation.SUM), a, b);
    }

    private static Tensor mul(Network net, String name, Tensor a, Tensor b) {
        return net.add(name, new Op.ElementWise(Op.ElementWiseOperation.PROD), a, b);
    }
}
