package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;
import org.trt4j.runtime.nn.F;

import java.util.List;

/**
 * YOLOv3 box decoding as network layers, so it runs inside the engine (and on the CPU backend): per head,
 * centre = (sigmoid(t_xy) + cell) · stride, size = exp(t_wh) · anchor, score = sigmoid(obj) · sigmoid(class);
 * boxes as corners. The batch dimension may stay dynamic; the cell offsets are filled from each head's shape.
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
                Tensor[] bs = head(raw.get(i), h);
                boxes[i] = bs[0];
                scores[i] = bs[1];
            }
        }
        try (var ns = net.enterScope("decode")) {
            Tensor allBoxes = boxes.length == 1 ? boxes[0] : F.cat(List.of(boxes), 1);
            Tensor allScores = scores.length == 1 ? scores[0] : F.cat(List.of(scores), 1);
            return new Tensor[]{allBoxes, allScores};
        }
    }

    private static Tensor[] head(Tensor x, YoloHead h) {
        int a = h.anchors(), c = h.classes(), cells = h.gridH() * h.gridW(), fields = 5 + c;
        Tensor p = F.reshape(x, 0, a, fields, cells);
        Tensor xy = pick(p, 0, 2), wh = pick(p, 2, 2), obj = pick(p, 4, 1), cls = pick(p, 5, c);
        float[] anchors = new float[2 * a];
        for (int k = 0; k < a; k++) {
            anchors[2 * k] = h.anchorW()[k];
            anchors[2 * k + 1] = h.anchorH()[k];
        }
        Tensor center = F.mul(F.add(F.sigmoid(xy), grid(x)), F.constant(new float[]{h.stride()}, 1, 1, 1, 1));
        Tensor size = F.mul(F.exp(wh), F.constant(anchors, 1, a, 2, 1));
        Tensor half = F.mul(size, F.constant(new float[]{0.5f}, 1, 1, 1, 1));
        Tensor corners = F.cat(List.of(F.sub(center, half), F.add(center, half)), 2);     // [N, a, 4, cells]
        Tensor boxes = F.reshape(F.permute(corners, 0, 1, 3, 2), 0, a * cells, 4);
        Tensor score = F.mul(F.sigmoid(obj), F.sigmoid(cls));                               // [N, a, c, cells]
        Tensor scores = F.reshape(F.permute(score, 0, 1, 3, 2), 0, a * cells, c);
        return new Tensor[]{boxes, scores};
    }

    /**
     * The cell offsets [1, 1, 2, H*W] (column, then row, of each cell in row-major order), filled from the head's
     * shape at run time so that they follow the grid size.
     */
    private static Tensor grid(Tensor head) {
        Tensor shape = F.cat(List.of(F.shapeValues(1, 1, 1), F.slice(F.shapeOf(head), new int[]{2}, new int[]{2}, new int[]{1})), 0);
        Tensor columns = F.arange(shape, 4, 0, 1, DType.FLOAT), rows = F.arange(shape, 3, 0, 1, DType.FLOAT);
        return F.reshape(F.cat(List.of(columns, rows), 2), 1, 1, 2, -1);
    }

    /** Fields [from, from + count) of dimension 2, by a gather so the dynamic batch needs no shape arithmetic. */
    private static Tensor pick(Tensor p, int from, int count) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = from + i;
        return F.gather(p, 2, F.constant(Weights.ofInts("yolo field index " + from, DType.INT32, idx, count)));
    }
}
