package org.trt4j.networks.fcn;

import org.trt4j.error.UserError;
import org.trt4j.networks.image.Letterbox;
import org.trt4j.networks.image.RgbImage;
import org.trt4j.runtime.InputSpec;
import org.trt4j.runtime.NetworkFactory;
import org.trt4j.runtime.OptionSpec;
import org.trt4j.runtime.Options;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.tensor.HostTensor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code fcn_resnet101}: torchvision's {@code fcn_resnet101} (keys exactly its state_dict: {@code backbone.*},
 * {@code classifier.*}, {@code aux_classifier.*}). Input {@code input}: 1x3xHxW float RGB normalized with the
 * ImageNet mean/std. Outputs (option outputs): {@code out} logits 1xKxHxW (bilinear upsampling of the stride-8 head,
 * align_corners false), {@code aux} (aux head, when used), {@code classes} 1x1xHxW INT32 argmax over the classes
 * (TopK k=1, in the engine).
 */
public final class FcnResNetFactory implements NetworkFactory {
    public static final String INPUT = "input", OUT = "out", AUX = "aux", CLASSES = "classes";

    @Override public String name() { return "fcn_resnet101"; }

    @Override public String description() {
        return "FCN-ResNet101 semantic segmentation (torchvision), 21 VOC classes, dynamic input size";
    }

    @Override public List<OptionSpec> options() {
        return List.of(
                new OptionSpec("blocks", "3,4,23,3", "Bottleneck blocks per ResNet stage (3,4,23,3 = ResNet-101)"),
                new OptionSpec("classes", "21", "number of classes"),
                new OptionSpec("aux", "auto", "aux head (layer3 -> aux output): true, false, or auto = when its weights are present"),
                new OptionSpec("outputs", "logits", "logits (out), argmax (classes: INT32 class map), or both"),
                new OptionSpec("min", "256x256", "smallest input HxW of the engine profile"),
                new OptionSpec("opt", "1026x1282", "input HxW TensorRT optimizes for (and the CPU default)"),
                new OptionSpec("max", "1440x2560", "largest input HxW of the engine profile"));
    }

    @Override public List<InputSpec> inputs(Options options) {
        return List.of(InputSpec.dynamic(INPUT, DType.FLOAT, Shape.of(1, 3, Shape.DYNAMIC, Shape.DYNAMIC),
                options.imageShape("min", 3, 32), options.imageShape("opt", 3, 32), options.imageShape("max", 3, 32)));
    }

    @Override public void define(Network network, Options options) {
        int classes = options.integer("classes");
        String outputs = options.string("outputs");
        if (!List.of("logits", "argmax", "both").contains(outputs))
            throw new UserError("option outputs=" + outputs + " must be logits, argmax or both");
        boolean aux = switch (options.string("aux")) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> network.weights().has("aux_classifier.0.weight");
            default -> throw new UserError("option aux=" + options.string("aux") + " must be true, false or auto");
        };
        Tensor image = network.input(INPUT);
        ResNetBackbone.Features f = new ResNetBackbone("backbone", blocks(options)).features(image);
        Tensor logits = upsampleLike(new FcnHead("classifier", 2048, classes).call(f.layer4()), image);
        if (!outputs.equals("argmax")) network.markOutput(OUT, logits);
        if (aux) network.markOutput(AUX, upsampleLike(new FcnHead("aux_classifier", 1024, classes).call(f.layer3()), image));
        if (!outputs.equals("logits")) network.markOutput(CLASSES, F.topk(logits, 1, 1, true).indices());
    }

    /** Bilinear (align_corners false) resize of x to image's H and W, which may be known only at run time. */
    static Tensor upsampleLike(Tensor x, Tensor image) {
        int h = image.dim(2), w = image.dim(3);
        if (h != Shape.DYNAMIC && w != Shape.DYNAMIC) return F.interpolate(x, new int[]{h, w}, null, "bilinear", false);
        Tensor xShape = F.shapeOf(x);
        Tensor target = F.cat(List.of(F.slice(xShape, new int[]{0}, new int[]{2}, new int[]{1}),
                F.slice(F.shapeOf(image), new int[]{2}, new int[]{2}, new int[]{1})), 0);
        Op.Resize bilinear = new Op.Resize(Op.ResizeMode.LINEAR, Op.CoordinateTransform.HALF_PIXEL, Op.NearestRounding.FLOOR,
                -0.75f, null, null);
        return F.resize(x, bilinear, target);
    }

    static int[] blocks(Options options) {
        String[] parts = options.string("blocks").split(",");
        if (parts.length != 4) throw new UserError("option blocks=" + options.string("blocks") + " needs 4 counts, e.g. 3,4,23,3");
        int[] b = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                b[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserError("option blocks=" + options.string("blocks") + ": '" + parts[i] + "' is not a count");
            }
            if (b[i] < 1) throw new UserError("option blocks=" + options.string("blocks") + ": counts must be >= 1");
        }
        return b;
    }

    /**
     * Calibration photo: letterboxed into 520x520 (torchvision's evaluation size for these weights; smaller than the
     * engine's opt so CPU calibration stays quick), ImageNet-normalized as segment feeds it.
     */
    @Override public Map<String, HostTensor> calibrationSample(Path image, Options options) {
        int s = 520;
        float[] pixels = new float[3 * s * s];
        new Letterbox(s, true).fill(RgbImage.readImage(image, RgbImage.DEFAULT_MAX_PIXELS), pixels, 0);
        return Map.of(INPUT, SegmentCommand.normalize(HostTensor.of(pixels, 1, 3, s, s)));
    }
}
