package org.trt4j.networks.mvs;

import org.trt4j.error.UserError;
import org.trt4j.runtime.InputSpec;
import org.trt4j.runtime.NetworkFactory;
import org.trt4j.runtime.OptionSpec;
import org.trt4j.runtime.Options;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.F;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code casmvsnet}: CasMVSNet (alibaba/cascade-stereo) with the seed's view attention and PropagationNet, keys as its
 * checkpoints ({@code feature.*}, {@code cost_regularization.N.*}, {@code refine_network.*}). Inputs: {@code imgs}
 * [B, V, 3, H, W], {@code proj_matrices_stage1..3} [B, V, 2, 4, 4] (extrinsic in [0], intrinsic in [1][:3, :3], the
 * intrinsics scaled to the stage: 1/4, 1/2, 1), {@code depth_values} [B, 2] (min, max) or [B, N], {@code edge}
 * [B, 3, H, W]. Outputs: {@code outputs_stage1..3} and {@code pc_stage1..3} (each stage's depth and confidence),
 * {@code depth} (stage 3 + PropagationNet), {@code depth_min} (stage 3's lowest hypothesis per pixel),
 * {@code photometric_confidence} (stage 3's). Everything, the inverse and the grid sampling included, is in the
 * engine. Static shapes (the size option).
 */
public final class CascadeMvsNetFactory implements NetworkFactory {
    public static final String IMGS = "imgs", DEPTH_VALUES = "depth_values", EDGE = "edge";
    public static final String DEPTH = "depth", DEPTH_MIN = "depth_min", CONFIDENCE = "photometric_confidence";
    static final int[] SCALES = {4, 2, 1};

    public static String proj(int stage) { return "proj_matrices_stage" + stage; }

    public static String stageDepth(int stage) { return "outputs_stage" + stage; }

    public static String stageConfidence(int stage) { return "pc_stage" + stage; }

    @Override public String name() { return "casmvsnet"; }

    @Override public String description() {
        return "CasMVSNet cascade multi-view stereo depth (3 stages) with view attention and PropagationNet, static size";
    }

    @Override public List<OptionSpec> options() {
        return List.of(
                new OptionSpec("size", "384x768", "image HxW (each a multiple of 32)"),
                new OptionSpec("views", "3", "views per sample, the reference first"),
                new OptionSpec("batch", "1", "batch size"),
                new OptionSpec("depth_count", "48,32,8", "depth hypotheses per stage (each a multiple of 8)"),
                new OptionSpec("interval_ratio", "4,2,1", "hypothesis spacing per stage, in depth intervals"),
                new OptionSpec("depth_values", "2", "columns of the depth_values input: 2 = (min, max), N > 2 = CasMVSNet's N hypotheses"),
                new OptionSpec("depth_divisions", "192", "with depth_values (min, max): the interval is (max - min) / this (CasMVSNet's DTU count)"),
                new OptionSpec("attention", "true,true,true", "the seed's view attention per stage (trt4j's choice: on in every stage)"),
                new OptionSpec("attention_patch", "2x4x4", "attention patch DxHxW (trt4j's choice; volumes are zero padded to it)"),
                new OptionSpec("attention_heads", "1", "attention heads (the patch features split as (features/heads, heads))"),
                new OptionSpec("propagation", "true", "PropagationNet on edge added to the depth"),
                new OptionSpec("propagation_channels", "32", "PropagationNet width (trt4j's choice)"),
                new OptionSpec("grid_sample", "plugin", "plugin (trt4j::GridSample) or native (TensorRT's IGridSampleLayer)"),
                new OptionSpec("geometry", "engine", "precision of the projections, their inverse, the depth hypotheses and the sampling grid: engine "
                        + "(the engine's) or fp32 (FP32 also in FP16 and INT8 engines: TensorRT precision constraints)"));
    }

    private static int[] hw(Options options) {
        Shape s = options.imageShape("size", 3, 32);
        int h = s.dim(2), w = s.dim(3);
        if (h % 32 != 0 || w % 32 != 0) throw new UserError("option size=" + options.string("size") + ": H and W must be multiples of 32");
        return new int[]{h, w};
    }

    @Override public List<InputSpec> inputs(Options options) {
        int[] hw = hw(options);
        int b = positive(options, "batch"), v = positive(options, "views"), n = positive(options, "depth_values");
        if (v < 2) throw new UserError("option views=" + v + ": needs the reference and at least one source view");
        if (n < 2) throw new UserError("option depth_values=" + n + ": needs at least (min, max)");
        List<InputSpec> in = new ArrayList<>();
        in.add(InputSpec.fixed(IMGS, DType.FLOAT, Shape.of(b, v, 3, hw[0], hw[1])));
        for (int s = 1; s <= 3; s++) in.add(InputSpec.fixed(proj(s), DType.FLOAT, Shape.of(b, v, 2, 4, 4)));
        in.add(InputSpec.fixed(DEPTH_VALUES, DType.FLOAT, Shape.of(b, n)));
        if (options.flag("propagation")) in.add(InputSpec.fixed(EDGE, DType.FLOAT, Shape.of(b, 3, hw[0], hw[1])));
        return in;
    }

    @Override public void define(Network network, Options options) {
        int[] counts = list(options, "depth_count"), ratios = list(options, "interval_ratio");
        for (int c : counts) if (c % 8 != 0) throw new UserError("option depth_count=" + options.string("depth_count") + ": each count must be a multiple of 8");
        boolean[] attend = flags(options, "attention");
        int[] patch = patch(options);
        int heads = positive(options, "attention_heads");
        HomographyWarp warp = new HomographyWarp(sampler(options), fp32Geometry(options));

        Tensor imgs = network.input(IMGS), depthValues = network.input(DEPTH_VALUES);
        int b = imgs.dim(0), views = imgs.dim(1), h = imgs.dim(3), w = imgs.dim(4), n = depthValues.dim(1);
        MvsModules.FeatureNet feature = new MvsModules.FeatureNet("feature", 8);
        List<List<Tensor>> features = new ArrayList<>();
        for (int v = 0; v < views; v++) features.add(feature.stages(F.reshape(F.slice(imgs, 1, v, v + 1, 1), b, 3, h, w)));
        int[] channels = {32, 16, 8};
        for (int s = 0; s < 3; s++) {
            int patchFeatures = channels[s] * (patch[0] * patch[1] * patch[2]);
            if (attend[s] && patchFeatures % heads != 0)
                throw new UserError("option attention_heads=" + heads + " does not divide stage " + (s + 1) + "'s " + patchFeatures + " patch features");
        }
        Tensor first = F.slice(depthValues, 1, 0, 1, 1), last = F.slice(depthValues, 1, n - 1, n, 1);
        int divisions = n > 2 ? n : positive(options, "depth_divisions");
        Tensor interval = F.reshape(F.div(F.sub(last, first), divisions), b, 1, 1);

        Tensor depth = null;
        DepthStage.Result stage = null;
        for (int s = 0; s < 3; s++) {
            int sh = h / SCALES[s], sw = w / SCALES[s];
            Tensor hypotheses;
            try (var geometry = warp.geometryScope()) { // depth planes 0.025 apart near 7 are 6 FP16 steps
                hypotheses = depth == null ? DepthStage.uniformHypotheses(first, last, counts[s])
                        : DepthStage.hypothesesAround(depth, interval, counts[s], ratios[s], h, w, sh, sw);
            }
            List<Tensor> stageFeatures = new ArrayList<>();
            for (List<Tensor> f : features) stageFeatures.add(f.get(s));
            MvsModules.CostRegNet reg = new MvsModules.CostRegNet(String.valueOf(s), channels[s], 8);
            new ModuleList("cost_regularization", reg);
            stage = DepthStage.run(stageFeatures, network.input(proj(s + 1)), hypotheses, warp,
                    attend[s] ? new PatchAttention(patch, heads) : null, reg);
            depth = stage.depth();
            network.markOutput(stageDepth(s + 1), depth);
            network.markOutput(stageConfidence(s + 1), stage.confidence());
        }
        network.markOutput(DEPTH_MIN, F.reshape(F.slice(stage.hypotheses(), 1, 0, 1, 1), b, h, w));
        network.markOutput(CONFIDENCE, F.identity(stage.confidence()));
        if (options.flag("propagation")) {
            MvsModules.PropagationNet prop = new MvsModules.PropagationNet("refine_network", positive(options, "propagation_channels"));
            depth = F.add(depth, F.reshape(prop.call(network.input(EDGE)), b, h, w));
        } else {
            depth = F.identity(depth);
        }
        network.markOutput(DEPTH, depth);
    }

    /** CasMVSNet's nn.ModuleList of the stages' CostRegNets: the parent that gives {@code cost_regularization.N.} keys. */
    private static final class ModuleList extends org.trt4j.runtime.nn.Module {
        ModuleList(String name, org.trt4j.runtime.nn.Module child) {
            super(name);
            add(child);
        }
    }

    private static boolean fp32Geometry(Options options) {
        String g = options.string("geometry");
        return switch (g) {
            case "engine" -> false;
            case "fp32" -> true;
            default -> throw new UserError("option geometry=" + g + " must be engine or fp32");
        };
    }

    static HomographyWarp.Sampler sampler(Options options) {
        String s = options.string("grid_sample");
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "plugin" -> HomographyWarp.Sampler.PLUGIN;
            case "native" -> HomographyWarp.Sampler.NATIVE;
            default -> throw new UserError("option grid_sample=" + s + " must be plugin or native");
        };
    }

    private static int positive(Options options, String key) {
        int v = options.integer(key);
        if (v < 1) throw new UserError("option " + key + "=" + v + " must be >= 1");
        return v;
    }

    private static int[] list(Options options, String key) {
        String[] parts = options.string(key).split(",");
        if (parts.length != 3) throw new UserError("option " + key + "=" + options.string(key) + " needs 3 values, one per stage");
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserError("option " + key + "=" + options.string(key) + ": '" + parts[i] + "' is not an integer");
            }
            if (out[i] < 1) throw new UserError("option " + key + "=" + options.string(key) + ": values must be >= 1");
        }
        return out;
    }

    private static boolean[] flags(Options options, String key) {
        String v = options.string(key);
        String[] parts = v.split(",");
        if (parts.length == 1) parts = new String[]{parts[0], parts[0], parts[0]};
        if (parts.length != 3) throw new UserError("option " + key + "=" + v + " needs true/false, or 3 of them (one per stage)");
        boolean[] out = new boolean[3];
        for (int i = 0; i < 3; i++) {
            String p = parts[i].trim();
            if (!p.equals("true") && !p.equals("false")) throw new UserError("option " + key + "=" + v + ": '" + p + "' is not true or false");
            out[i] = p.equals("true");
        }
        return out;
    }

    private static int[] patch(Options options) {
        String v = options.string("attention_patch");
        Shape s;
        try {
            s = Shape.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UserError("option attention_patch=" + v + ": " + e.getMessage());
        }
        if (s.rank() != 3 || !s.isStatic() || s.dim(0) < 1 || s.dim(1) < 1 || s.dim(2) < 1)
            throw new UserError("option attention_patch=" + v + " must be DxHxW, e.g. 2x4x4");
        return s.dims();
    }
}
