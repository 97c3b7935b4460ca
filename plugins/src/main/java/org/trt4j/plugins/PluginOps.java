package org.trt4j.plugins;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.F;

import java.util.List;
import java.util.Locale;

/**
 * Network ops backed by the trt4j plugins, in the style of {@link F}: a plugin layer on the TensorRT backend, the Java
 * reference on the CPU backend. Engines using them need {@link Plugins#load()} before build and deserialization.
 */
public final class PluginOps {
    private PluginOps() {}

    /** {@code torch.nn.functional.grid_sample(input, grid, mode, padding_mode, align_corners)} for 4-D input. */
    public static Tensor gridSample(Tensor input, Tensor grid, GridSample.Mode mode, GridSample.Padding padding, boolean alignCorners) {
        return F.plugin(new GridSampleSpec(mode, padding, alignCorners), input, grid).get(0);
    }

    /** As PyTorch spells it: mode "bilinear" | "nearest", padding "zeros" | "border" | "reflection". */
    public static Tensor gridSample(Tensor input, Tensor grid, String mode, String padding, boolean alignCorners) {
        return gridSample(input, grid, parse(GridSample.Mode.class, mode), parse(GridSample.Padding.class, padding), alignCorners);
    }

    /** {@code torch.linalg.inv(x)} for FLOAT …×n×n, n ≤ 32. */
    public static Tensor inverse(Tensor x) {
        return F.plugin(new MatrixInverseSpec(), x).get(0);
    }

    /** The outputs of {@link #nonMaxSuppression}: count [N], boxes [N, K, 4], scores [N, K], classes [N, K]. */
    public record Detections(Tensor count, Tensor boxes, Tensor scores, Tensor classes) {
        static Detections of(List<Tensor> outputs) {
            return new Detections(outputs.get(0), outputs.get(1), outputs.get(2), outputs.get(3));
        }
    }

    /**
     * Class-aware non-maximum suppression of boxes [N, B, 4] (x1, y1, x2, y2) with scores [N, B, C] into a fixed-size,
     * zero-padded, rank-ordered output of max-detections rows per image ({@link BatchedNms}).
     */
    public static Detections nonMaxSuppression(Tensor boxes, Tensor scores, BatchedNms.Settings settings) {
        return Detections.of(F.plugin(new BatchedNmsSpec(settings), boxes, scores));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name) {
        for (E e : type.getEnumConstants())
            if (e.name().equals(name.toUpperCase(Locale.ROOT))) return e;
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) known.append(known.isEmpty() ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        throw new UserError("grid_sample: unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " '" + name
                + "' (expected one of " + known + ")");
    }
}
