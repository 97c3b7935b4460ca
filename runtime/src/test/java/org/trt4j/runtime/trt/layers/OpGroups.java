package org.trt4j.runtime.trt.layers;

import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.Op.ActivationType;
import org.trt4j.runtime.graph.Op.CoordinateTransform;
import org.trt4j.runtime.graph.Op.ElementWiseOperation;
import org.trt4j.runtime.graph.Op.NearestRounding;
import org.trt4j.runtime.graph.Op.PoolingType;
import org.trt4j.runtime.graph.Op.ReduceOperation;
import org.trt4j.runtime.graph.Op.ResizeMode;
import org.trt4j.runtime.graph.Op.ScaleMode;
import org.trt4j.runtime.graph.Op.UnaryOperation;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.graph.Weights;
import org.trt4j.runtime.nn.F;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.ShapeRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.trt4j.runtime.trt.layers.OpCase.Input.dynamicFloats;
import static org.trt4j.runtime.trt.layers.OpCase.Input.floats;
import static org.trt4j.runtime.trt.layers.OpCase.Input.floatsIn;
import static org.trt4j.runtime.trt.layers.OpCase.Input.ints;
import static org.trt4j.runtime.trt.layers.OpCase.Input.shapeTensor;
import static org.trt4j.runtime.trt.layers.OpCase.Input.wholeFloats;

/** The op cases of {@link OpTranslationGpuTest}, grouped so each group is one engine build. Every IR op appears. */
final class OpGroups {
    private OpGroups() {}

    static List<OpGroup> all() {
        return List.of(convolutions(), pooling(), activations(), elementWise(), unary(), pointwise(), dataMovement(), resize(),
                linearAlgebra(), shapeArithmetic(), dynamicShapes(), fp16());
    }

    // ------------------------------------------------------------------ helpers

    static Tensor add(String name, Op op, Tensor... inputs) { return Network.current().add(name, op, inputs); }

    /** Random weights in [-0.5, 0.5), seeded by their name. */
    static Weights w(String name, int... shape) {
        Random r = new Random(name.hashCode());
        float[] v = new float[Math.toIntExact(Shape.of(shape).volume())];
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat() - 0.5f;
        return Weights.of(name, v, shape);
    }

    static Weights wIn(String name, float low, float high, int... shape) {
        Random r = new Random(name.hashCode());
        float[] v = new float[Math.toIntExact(Shape.of(shape).volume())];
        for (int i = 0; i < v.length; i++) v[i] = low + r.nextFloat() * (high - low);
        return Weights.of(name, v, shape);
    }

    static int[] i(int... v) { return v; }

    static OpCase unaryCase(String name, List<OpCase.Input> in, Op op) {
        return OpCase.of(name, in, x -> List.of(add(name, op, x.get(0))));
    }

    // ------------------------------------------------------------------ groups

    static OpGroup convolutions() {
        List<OpCase> c = new ArrayList<>();
        c.add(unaryCase("conv2d_basic", List.of(floats(1, 3, 8, 8)),
                new Op.Convolution(4, i(3, 3), i(1, 1), i(1, 1), i(1, 1), i(1, 1), 1, w("c1.w", 4, 3, 3, 3), w("c1.b", 4))));
        c.add(unaryCase("conv2d_strided_dilated_grouped_asymmetric", List.of(floats(2, 4, 9, 7)),
                new Op.Convolution(6, i(3, 3), i(2, 1), i(1, 0), i(0, 2), i(2, 1), 2, w("c2.w", 6, 2, 3, 3), null)));
        c.add(unaryCase("conv2d_depthwise", List.of(floats(1, 4, 6, 6)),
                new Op.Convolution(4, i(3, 3), i(1, 1), i(1, 1), i(1, 1), i(1, 1), 4, w("c3.w", 4, 1, 3, 3), w("c3.b", 4))));
        c.add(unaryCase("conv1d", List.of(floats(1, 3, 10)),
                new Op.Convolution(4, i(3), i(2), i(1), i(1), i(1), 1, w("c4.w", 4, 3, 3), w("c4.b", 4))));
        c.add(unaryCase("conv3d", List.of(floats(1, 2, 5, 6, 4)),
                new Op.Convolution(3, i(3, 3, 3), i(1, 2, 1), i(1, 1, 1), i(1, 1, 1), i(1, 1, 1), 1, w("c5.w", 3, 2, 3, 3, 3), w("c5.b", 3))));
        c.add(unaryCase("deconv2d_output_padding", List.of(floats(1, 4, 5, 5)),
                new Op.Deconvolution(3, i(3, 3), i(2, 2), i(1, 1), i(1, 1), i(1, 1), i(1, 1), 1, w("d1.w", 4, 3, 3, 3), w("d1.b", 3))));
        c.add(unaryCase("deconv2d_output_padding_beyond_padding", List.of(floats(1, 2, 4, 4)),
                new Op.Deconvolution(3, i(2, 2), i(2, 2), i(0, 0), i(0, 0), i(1, 1), i(1, 1), 1, w("d2.w", 2, 3, 2, 2), w("d2.b", 3))));
        c.add(unaryCase("deconv2d_grouped_dilated", List.of(floats(1, 4, 5, 5)),
                new Op.Deconvolution(4, i(3, 3), i(2, 2), i(1, 1), i(1, 1), i(0, 0), i(2, 2), 2, w("d3.w", 4, 2, 3, 3), w("d3.b", 4))));
        c.add(unaryCase("deconv1d", List.of(floats(1, 3, 6)),
                new Op.Deconvolution(2, i(4), i(2), i(1), i(1), i(0), i(1), 1, w("d4.w", 3, 2, 4), w("d4.b", 2))));
        c.add(unaryCase("deconv3d", List.of(floats(1, 2, 3, 4, 4)),
                new Op.Deconvolution(2, i(2, 2, 2), i(2, 2, 2), i(0, 0, 0), i(0, 0, 0), i(0, 0, 0), i(1, 1, 1), 1, w("d5.w", 2, 2, 2, 2, 2), null)));
        return new OpGroup("convolutions", Precision.FP32, c);
    }

    static OpGroup pooling() {
        List<OpCase> c = new ArrayList<>();
        c.add(unaryCase("maxpool2d", List.of(floats(1, 3, 8, 8)), new Op.Pooling(PoolingType.MAX, i(3, 3), i(2, 2), i(1, 1), i(1, 1), false, true)));
        c.add(unaryCase("maxpool2d_ceil", List.of(floats(1, 3, 8, 8)), new Op.Pooling(PoolingType.MAX, i(3, 3), i(2, 2), i(0, 0), i(0, 0), true, true)));
        c.add(unaryCase("maxpool2d_asymmetric_padding", List.of(floats(1, 2, 7, 6)),
                new Op.Pooling(PoolingType.MAX, i(3, 3), i(2, 2), i(0, 1), i(1, 0), false, true)));
        c.add(unaryCase("avgpool2d_count_pad", List.of(floats(1, 3, 7, 7)), new Op.Pooling(PoolingType.AVERAGE, i(3, 3), i(2, 2), i(1, 1), i(1, 1), false, true)));
        c.add(unaryCase("avgpool2d_exclude_pad", List.of(floats(1, 3, 7, 7)), new Op.Pooling(PoolingType.AVERAGE, i(3, 3), i(2, 2), i(1, 1), i(1, 1), false, false)));
        c.add(unaryCase("avgpool2d_ceil_count_pad", List.of(floats(1, 2, 6, 6)), new Op.Pooling(PoolingType.AVERAGE, i(3, 3), i(2, 2), i(1, 1), i(1, 1), true, true)));
        c.add(unaryCase("avgpool2d_ceil_exclude_pad", List.of(floats(1, 2, 6, 6)), new Op.Pooling(PoolingType.AVERAGE, i(3, 3), i(2, 2), i(1, 1), i(1, 1), true, false)));
        c.add(unaryCase("avgpool2d_ceil_no_pad", List.of(floats(1, 2, 8, 7)), new Op.Pooling(PoolingType.AVERAGE, i(3, 3), i(2, 2), i(0, 0), i(0, 0), true, true)));
        // PyTorch drops the last ceil-mode window here: it would start in the end padding
        c.add(unaryCase("maxpool2d_ceil_last_window_dropped", List.of(floats(1, 2, 5, 5)), new Op.Pooling(PoolingType.MAX, i(3, 3), i(3, 3), i(1, 1), i(1, 1), true, true)));
        c.add(unaryCase("avgpool2d_ceil_last_window_dropped", List.of(floats(1, 2, 5, 5)), new Op.Pooling(PoolingType.AVERAGE, i(3, 3), i(3, 3), i(1, 1), i(1, 1), true, true)));
        c.add(unaryCase("maxpool1d", List.of(floats(1, 3, 10)), new Op.Pooling(PoolingType.MAX, i(3), i(2), i(1), i(1), false, true)));
        c.add(unaryCase("avgpool3d", List.of(floats(1, 2, 5, 6, 4)), new Op.Pooling(PoolingType.AVERAGE, i(2, 2, 2), i(2, 2, 2), i(0, 0, 0), i(0, 0, 0), false, true)));
        c.add(unaryCase("maxpool3d_ceil", List.of(floats(1, 2, 5, 6, 5)), new Op.Pooling(PoolingType.MAX, i(2, 2, 2), i(2, 2, 2), i(0, 0, 0), i(0, 0, 0), true, true)));
        return new OpGroup("pooling", Precision.FP32, c);
    }

    static OpGroup activations() {
        List<OpCase> c = new ArrayList<>();
        Object[][] types = {
                {ActivationType.RELU, 0f, 0f}, {ActivationType.SIGMOID, 0f, 0f}, {ActivationType.TANH, 0f, 0f},
                {ActivationType.LEAKY_RELU, 0.1f, 0f}, {ActivationType.ELU, 1.0f, 0f}, {ActivationType.SELU, 1.6732632f, 1.0507010f},
                {ActivationType.SOFTSIGN, 0f, 0f}, {ActivationType.SOFTPLUS, 0.5f, 2f}, {ActivationType.CLIP, -0.5f, 0.7f},
                {ActivationType.HARD_SIGMOID, 1f / 6f, 0.5f}, {ActivationType.SCALED_TANH, 1.5f, 0.5f},
                {ActivationType.THRESHOLDED_RELU, 0.3f, 0f}, {ActivationType.GELU_ERF, 0f, 0f}, {ActivationType.GELU_TANH, 0f, 0f}};
        for (Object[] t : types) {
            ActivationType type = (ActivationType) t[0];
            c.add(unaryCase(type.name().toLowerCase(), List.of(floatsIn(-3, 3, 2, 3, 4, 5)), new Op.Activation(type, (float) t[1], (float) t[2])));
        }
        return new OpGroup("activations", Precision.FP32, c);
    }

    static OpCase binary(String name, ElementWiseOperation op, OpCase.Input a, OpCase.Input b) {
        return OpCase.of(name, List.of(a, b), x -> List.of(add(name, new Op.ElementWise(op), x.get(0), x.get(1))));
    }

    static OpGroup elementWise() {
        List<OpCase> c = new ArrayList<>();
        for (ElementWiseOperation op : List.of(ElementWiseOperation.SUM, ElementWiseOperation.PROD, ElementWiseOperation.MAX,
                ElementWiseOperation.MIN, ElementWiseOperation.SUB, ElementWiseOperation.GREATER, ElementWiseOperation.LESS))
            c.add(binary(op.name().toLowerCase() + "_broadcast", op, floats(2, 3, 4, 5), floats(1, 3, 1, 5)));
        c.add(binary("div", ElementWiseOperation.DIV, floats(2, 3, 4, 5), floatsIn(0.5, 1.5, 2, 1, 4, 1)));
        c.add(binary("pow", ElementWiseOperation.POW, floatsIn(0.5, 2, 2, 3, 4, 5), floatsIn(-1.5, 1.5, 2, 3, 4, 5)));
        c.add(binary("floor_div", ElementWiseOperation.FLOOR_DIV, wholeFloats(-9, 9, 2, 3, 4), wholeFloats(1, 4, 2, 3, 4)));
        c.add(binary("equal", ElementWiseOperation.EQUAL, wholeFloats(0, 2, 2, 3, 4), wholeFloats(0, 2, 2, 3, 4)));
        c.add(binary("int32_sum", ElementWiseOperation.SUM, ints(DType.INT32, -50, 50, 2, 3, 4), ints(DType.INT32, -50, 50, 1, 3, 1)));
        c.add(binary("int32_prod", ElementWiseOperation.PROD, ints(DType.INT32, -9, 9, 2, 3, 4), ints(DType.INT32, -9, 9, 2, 3, 4)));
        for (ElementWiseOperation op : List.of(ElementWiseOperation.AND, ElementWiseOperation.OR, ElementWiseOperation.XOR)) {
            String name = "logical_" + op.name().toLowerCase();
            c.add(OpCase.of(name, List.of(floats(2, 3, 4), floats(2, 3, 4)), x -> {
                Tensor zero = F.constant(new float[] {0f}, 1, 1, 1);
                Tensor a = add("a_positive", new Op.ElementWise(ElementWiseOperation.GREATER), x.get(0), zero);
                Tensor b = add("b_positive", new Op.ElementWise(ElementWiseOperation.GREATER), x.get(1), zero);
                return List.of(add(name, new Op.ElementWise(op), a, b));
            }));
        }
        return new OpGroup("elementwise", Precision.FP32, c);
    }

    static OpGroup unary() {
        List<OpCase> c = new ArrayList<>();
        Object[][] domains = {
                {UnaryOperation.EXP, -2, 2}, {UnaryOperation.LOG, 0.1, 3}, {UnaryOperation.SQRT, 0, 4}, {UnaryOperation.RECIP, 0.5, 2},
                {UnaryOperation.ABS, -2, 2}, {UnaryOperation.NEG, -2, 2}, {UnaryOperation.SIN, -3, 3}, {UnaryOperation.COS, -3, 3},
                {UnaryOperation.TAN, -1.2, 1.2}, {UnaryOperation.SINH, -2, 2}, {UnaryOperation.COSH, -2, 2},
                {UnaryOperation.ASIN, -0.95, 0.95}, {UnaryOperation.ACOS, -0.95, 0.95}, {UnaryOperation.ATAN, -3, 3},
                {UnaryOperation.ASINH, -3, 3}, {UnaryOperation.ACOSH, 1.05, 4}, {UnaryOperation.ATANH, -0.9, 0.9},
                {UnaryOperation.CEIL, -3, 3}, {UnaryOperation.FLOOR, -3, 3}, {UnaryOperation.ROUND, -3, 3}, {UnaryOperation.ERF, -2, 2},
                {UnaryOperation.SIGN, -1, 1}, {UnaryOperation.ISINF, -1, 1}, {UnaryOperation.ISNAN, -1, 1}};
        for (Object[] d : domains) {
            UnaryOperation op = (UnaryOperation) d[0];
            double low = ((Number) d[1]).doubleValue(), high = ((Number) d[2]).doubleValue();
            c.add(unaryCase(op.name().toLowerCase(), List.of(floatsIn(low, high, 2, 3, 4)), new Op.Unary(op)));
        }
        c.add(unaryCase("abs_int32", List.of(ints(DType.INT32, -20, 20, 2, 3, 4)), new Op.Unary(UnaryOperation.ABS)));
        c.add(unaryCase("neg_int32", List.of(ints(DType.INT32, -20, 20, 2, 3, 4)), new Op.Unary(UnaryOperation.NEG)));
        c.add(OpCase.of("not", List.of(floats(2, 3, 4)), x -> {
            Tensor positive = add("positive", new Op.ElementWise(ElementWiseOperation.GREATER), x.get(0), F.constant(new float[] {0f}, 1, 1, 1));
            return List.of(add("not", new Op.Unary(UnaryOperation.NOT), positive));
        }));
        return new OpGroup("unary", Precision.FP32, c);
    }

    static OpGroup pointwise() {
        List<OpCase> c = new ArrayList<>();
        c.add(unaryCase("scale_channel", List.of(floats(2, 3, 4, 5)), new Op.Scale(ScaleMode.CHANNEL, 1, w("s1.shift", 3), w("s1.scale", 3), null)));
        c.add(unaryCase("scale_channel_axis2_5d", List.of(floats(1, 2, 3, 4, 5)), new Op.Scale(ScaleMode.CHANNEL, 2, w("s2.shift", 3), w("s2.scale", 3), null)));
        c.add(unaryCase("scale_uniform_power_rank2", List.of(floatsIn(0.5, 1.5, 4, 6)),
                new Op.Scale(ScaleMode.UNIFORM, 0, Weights.of("s3.shift", new float[] {0.25f}, 1), Weights.of("s3.scale", new float[] {1.5f}, 1),
                        Weights.of("s3.power", new float[] {2f}, 1))));
        c.add(unaryCase("scale_elementwise_rank3", List.of(floats(2, 3, 4)), new Op.Scale(ScaleMode.ELEMENTWISE, 1, w("s4.shift", 12), w("s4.scale", 12), null)));
        c.add(OpCase.of("select", List.of(floats(2, 3, 4), floats(2, 3, 4), floats(1, 3, 1)), x -> {
            Tensor condition = add("greater", new Op.ElementWise(ElementWiseOperation.GREATER), x.get(0), x.get(1));
            return List.of(add("select", new Op.Select(), condition, x.get(1), x.get(2)));
        }));
        c.add(unaryCase("cast_int32_to_float", List.of(ints(DType.INT32, -100, 100, 2, 3, 4)), new Op.Cast(DType.FLOAT)));
        c.add(unaryCase("cast_float_to_int32", List.of(wholeFloats(-100, 100, 2, 3, 4)), new Op.Cast(DType.INT32)));
        c.add(unaryCase("cast_float_to_bool", List.of(wholeFloats(-1, 1, 2, 3, 4)), new Op.Cast(DType.BOOL)));
        c.add(unaryCase("identity", List.of(floats(2, 3, 4)), new Op.Identity()));
        c.add(OpCase.of("constant_float", List.of(floats(2, 3, 4, 5)), x -> {
            Tensor k = add("constant", new Op.Constant(w("k1", 1, 3, 1, 5)));
            return List.of(add("add", new Op.ElementWise(ElementWiseOperation.SUM), x.get(0), k));
        }));
        c.add(OpCase.of("constant_int32", List.of(ints(DType.INT32, -10, 10, 2, 3)), x -> {
            Tensor k = add("constant", new Op.Constant(Weights.ofInts("k2", DType.INT32, i(5, -7, 11), 1, 3)));
            return List.of(add("add", new Op.ElementWise(ElementWiseOperation.SUM), x.get(0), k));
        }));
        return new OpGroup("pointwise", Precision.FP32, c);
    }

    static OpGroup dataMovement() {
        List<OpCase> c = new ArrayList<>();
        c.add(OpCase.of("concat_axis1", List.of(floats(1, 2, 3, 4), floats(1, 3, 3, 4), floats(1, 1, 3, 4)),
                x -> List.of(add("concat", new Op.Concat(1), x.get(0), x.get(1), x.get(2)))));
        c.add(OpCase.of("concat_last_axis", List.of(floats(2, 3, 2), floats(2, 3, 5)), x -> List.of(add("concat", new Op.Concat(2), x.get(0), x.get(1)))));
        c.add(unaryCase("slice_strided", List.of(floats(2, 5, 6, 7)), new Op.Slice(i(0, 1, 0, 2), i(2, 2, 3, 2), i(1, 2, 2, 2))));
        c.add(unaryCase("pad_constant", List.of(floats(1, 2, 4, 5)), new Op.Pad(i(0, 0, 1, 2), i(0, 0, 2, 1), Op.PadMode.CONSTANT, 0.5f)));
        c.add(unaryCase("pad_zero_and_crop", List.of(floats(1, 2, 4, 5)), new Op.Pad(i(0, 1, -1, 0), i(0, 0, 1, -2), Op.PadMode.CONSTANT, 0f)));
        c.add(unaryCase("pad_reflect", List.of(floats(1, 2, 4, 5)), new Op.Pad(i(0, 0, 2, 1), i(0, 0, 1, 3), Op.PadMode.REFLECT, 0f)));
        c.add(unaryCase("pad_replicate", List.of(floats(1, 2, 4, 5)), new Op.Pad(i(0, 0, 2, 1), i(0, 0, 1, 3), Op.PadMode.REPLICATE, 0f)));
        c.add(unaryCase("pad_int32_constant", List.of(ints(DType.INT32, -9, 9, 2, 3)), new Op.Pad(i(1, 0), i(0, 2), Op.PadMode.CONSTANT, 7f)));
        c.add(unaryCase("shuffle_permute", List.of(floats(2, 3, 4, 5)), new Op.Shuffle(i(0, 2, 3, 1), null, false, null)));
        c.add(unaryCase("shuffle_reshape_placeholders", List.of(floats(2, 3, 4, 5)), new Op.Shuffle(null, i(0, -1), false, null)));
        c.add(unaryCase("shuffle_transpose_reshape_transpose", List.of(floats(2, 3, 4, 5)), new Op.Shuffle(i(1, 0, 2, 3), i(3, 2, 20), false, i(2, 0, 1))));
        c.add(OpCase.of("gather_constant_indices", List.of(floats(2, 5, 3)), x -> {
            Tensor idx = add("indices", new Op.Constant(Weights.ofInts("idx", DType.INT32, i(4, 0, 2, 2), 2, 2)));
            return List.of(add("gather", new Op.Gather(1), x.get(0), idx));
        }));
        c.add(OpCase.of("gather_input_indices", List.of(floats(4, 5), ints(DType.INT32, 0, 3, 3)),
                x -> List.of(add("gather", new Op.Gather(0), x.get(0), x.get(1)))));
        return new OpGroup("data-movement", Precision.FP32, c);
    }

    static Op.Resize resizeOp(ResizeMode mode, CoordinateTransform ct, NearestRounding rounding, float[] scales, int[] out) {
        return new Op.Resize(mode, ct, rounding, -0.75f, scales, out);
    }

    static OpGroup resize() {
        List<OpCase> c = new ArrayList<>();
        OpCase.Input x = floats(1, 2, 5, 6);
        c.add(unaryCase("nearest_scales", List.of(x), resizeOp(ResizeMode.NEAREST, CoordinateTransform.ASYMMETRIC, NearestRounding.FLOOR, new float[] {1, 1, 2, 2}, null)));
        c.add(unaryCase("nearest_output_shape", List.of(x), resizeOp(ResizeMode.NEAREST, CoordinateTransform.ASYMMETRIC, NearestRounding.FLOOR, null, i(1, 2, 7, 9))));
        // 8x10, not 8x11: 6 -> 11 puts output column 5 exactly on a rounding tie ((5 + 0.5) * 6/11 = 3), where the
        // float rounding of TensorRT's scale (out/in, divided) and the CPU's (in/out, multiplied) pick different
        // pixels; (2x+1)*in / (2*out) is never whole for 5 -> 8 and 6 -> 10
        c.add(unaryCase("nearest_exact", List.of(x), resizeOp(ResizeMode.NEAREST, CoordinateTransform.HALF_PIXEL, NearestRounding.HALF_UP, null, i(1, 2, 8, 10))));
        c.add(unaryCase("linear_half_pixel_scales", List.of(x), resizeOp(ResizeMode.LINEAR, CoordinateTransform.HALF_PIXEL, NearestRounding.FLOOR, new float[] {1, 1, 2, 2}, null)));
        c.add(unaryCase("linear_half_pixel_downscale", List.of(floats(1, 2, 8, 6)), resizeOp(ResizeMode.LINEAR, CoordinateTransform.HALF_PIXEL, NearestRounding.FLOOR, new float[] {1, 1, 0.5f, 0.5f}, null)));
        c.add(unaryCase("linear_align_corners", List.of(x), resizeOp(ResizeMode.LINEAR, CoordinateTransform.ALIGN_CORNERS, NearestRounding.FLOOR, null, i(1, 2, 9, 11))));
        c.add(unaryCase("linear_align_corners_one_pixel", List.of(x), resizeOp(ResizeMode.LINEAR, CoordinateTransform.ALIGN_CORNERS, NearestRounding.FLOOR, null, i(1, 2, 1, 4))));
        c.add(unaryCase("linear_half_pixel_one_pixel", List.of(x), resizeOp(ResizeMode.LINEAR, CoordinateTransform.HALF_PIXEL, NearestRounding.FLOOR, null, i(1, 2, 1, 4))));
        c.add(unaryCase("cubic_half_pixel", List.of(x), resizeOp(ResizeMode.CUBIC, CoordinateTransform.HALF_PIXEL, NearestRounding.FLOOR, null, i(1, 2, 10, 12))));
        c.add(unaryCase("cubic_align_corners", List.of(x), resizeOp(ResizeMode.CUBIC, CoordinateTransform.ALIGN_CORNERS, NearestRounding.FLOOR, null, i(1, 2, 9, 7))));
        c.add(unaryCase("trilinear_half_pixel", List.of(floats(1, 1, 3, 4, 5)), resizeOp(ResizeMode.LINEAR, CoordinateTransform.HALF_PIXEL, NearestRounding.FLOOR, null, i(1, 1, 6, 8, 10))));
        // IGridSampleLayer, zeros outside: grid points up to 20 % beyond [-1, 1] sample the zero padding
        c.add(binaryOp("grid_sample_bilinear", new Op.GridSample(ResizeMode.LINEAR, false), floats(2, 3, 5, 6), floatsIn(-1.2, 1.2, 2, 4, 7, 2)));
        c.add(binaryOp("grid_sample_bilinear_align_corners", new Op.GridSample(ResizeMode.LINEAR, true), floats(1, 2, 5, 6), floatsIn(-1.2, 1.2, 1, 3, 8, 2)));
        return new OpGroup("resize", Precision.FP32, c);
    }

    static OpGroup linearAlgebra() {
        List<OpCase> c = new ArrayList<>();
        c.add(binaryOp("matmul", new Op.MatMul(false, false), floats(2, 3, 4), floats(2, 4, 5)));
        c.add(binaryOp("matmul_transpose_a", new Op.MatMul(true, false), floats(2, 4, 3), floats(2, 4, 5)));
        c.add(binaryOp("matmul_transpose_b", new Op.MatMul(false, true), floats(2, 3, 4), floats(2, 5, 4)));
        c.add(binaryOp("matmul_broadcast_batch", new Op.MatMul(false, false), floats(1, 3, 4), floats(2, 4, 5)));
        c.add(unaryCase("softmax_axis1", List.of(floatsIn(-3, 3, 2, 5, 3)), new Op.SoftMax(1)));
        c.add(unaryCase("softmax_last_axis", List.of(floatsIn(-3, 3, 2, 3, 7)), new Op.SoftMax(2)));
        c.add(unaryCase("reduce_sum_keep", List.of(floats(2, 3, 4, 5)), new Op.Reduce(ReduceOperation.SUM, i(2, 3), true)));
        c.add(unaryCase("reduce_avg", List.of(floats(2, 3, 4, 5)), new Op.Reduce(ReduceOperation.AVG, i(1), false)));
        c.add(unaryCase("reduce_max_keep", List.of(floats(2, 3, 4, 5)), new Op.Reduce(ReduceOperation.MAX, i(0, 2), true)));
        c.add(unaryCase("reduce_min", List.of(floats(2, 3, 4, 5)), new Op.Reduce(ReduceOperation.MIN, i(3), false)));
        c.add(unaryCase("reduce_prod_keep", List.of(floatsIn(0.5, 1.5, 2, 3, 4, 5)), new Op.Reduce(ReduceOperation.PROD, i(1), true)));
        c.add(OpCase.of("topk_max", List.of(floats(2, 7, 4)), x -> {
            var l = Network.current().addLayer("topk", new Op.TopK(Op.TopKOperation.MAX, 3, 1), List.of(x.get(0)));
            return l.outputs();
        }));
        c.add(OpCase.of("topk_min_last_axis", List.of(floats(2, 3, 6)), x -> {
            var l = Network.current().addLayer("topk", new Op.TopK(Op.TopKOperation.MIN, 2, 2), List.of(x.get(0)));
            return l.outputs();
        }));
        return new OpGroup("linear-algebra-reductions", Precision.FP32, c);
    }

    static OpCase binaryOp(String name, Op op, OpCase.Input a, OpCase.Input b) {
        return OpCase.of(name, List.of(a, b), x -> List.of(add(name, op, x.get(0), x.get(1))));
    }

    /** Shape tensors computed in the network: shape-of (INT64 and INT32), arithmetic, gather/concat, dynamic slice and reshape. */
    static OpGroup shapeArithmetic() {
        List<OpCase> c = new ArrayList<>();
        c.add(OpCase.of("reshape_to_shape_of_int64", List.of(floats(2, 3, 4), floats(6, 4)), x -> {
            Tensor shape = add("shape", new Op.ShapeOf(DType.INT64), x.get(1));
            return List.of(add("reshape", new Op.Shuffle(null, null, true, null), x.get(0), shape));
        }));
        c.add(OpCase.of("reshape_to_shape_of_int32", List.of(floats(2, 3, 4), floats(4, 6)), x -> {
            Tensor shape = add("shape", new Op.ShapeOf(DType.INT32), x.get(1));
            return List.of(add("reshape", new Op.Shuffle(null, null, true, null), x.get(0), shape));
        }));
        c.add(OpCase.of("flatten_by_gather_concat", List.of(floats(2, 3, 4)), x -> {
            Tensor shape = add("shape", new Op.ShapeOf(DType.INT64), x.get(0));
            Tensor d0 = add("d0", new Op.Gather(0), shape, add("i0", new Op.Constant(Weights.ofInts("i0", DType.INT32, i(0), 1))));
            Tensor d1 = add("d1", new Op.Gather(0), shape, add("i1", new Op.Constant(Weights.ofInts("i1", DType.INT32, i(1), 1))));
            Tensor d2 = add("d2", new Op.Gather(0), shape, add("i2", new Op.Constant(Weights.ofInts("i2", DType.INT32, i(2), 1))));
            Tensor rest = add("rest", new Op.ElementWise(ElementWiseOperation.PROD), d1, d2);
            Tensor target = add("target", new Op.Concat(0), d0, rest);
            return List.of(add("reshape", new Op.Shuffle(null, null, true, null), x.get(0), target));
        }));
        c.add(OpCase.of("dynamic_slice", List.of(floats(2, 6, 8)), x -> {
            Tensor start = F.shapeValues(0, 1, 2);
            Tensor size = add("size", new Op.ElementWise(ElementWiseOperation.SUB), add("shape", new Op.ShapeOf(DType.INT64), x.get(0)), F.shapeValues(0, 2, 5));
            return List.of(add("slice", new Op.Slice(null, null, i(1, 1, 2)), x.get(0), start, size));
        }));
        c.add(OpCase.of("fill_static_shape", List.of(floats(2, 3, 4)), x -> {
            Tensor shape = add("shape", new Op.ShapeOf(DType.INT64), x.get(0));
            Tensor grid = add("grid", new Op.Fill(2, 1.5, 0.25, DType.FLOAT), shape);
            return List.of(add("sum", new Op.ElementWise(ElementWiseOperation.SUM), x.get(0), grid), add("ints", new Op.Fill(0, -2, 3, DType.INT32), shape));
        }));
        return new OpGroup("shape-arithmetic", Precision.FP32, c);
    }

    /**
     * Dynamic shapes across a profile: a conv net with dynamic H/W run at three sizes (reflection padding, ceil-mode
     * pooling and output padding on dynamic dims take their run-time paths), and a resize to shapeOf(x) * factor with factor a shape-tensor
     * engine input.
     */
    static OpGroup dynamicShapes() {
        List<OpCase> c = new ArrayList<>();
        c.add(OpCase.of("conv_net_dynamic_hw", List.of(dynamicFloats(Shape.of(1, 3, -1, -1),
                new ShapeRange(i(1, 3, 8, 8), i(1, 3, 16, 16), i(1, 3, 32, 32)), i(1, 3, 8, 8), i(1, 3, 13, 17), i(1, 3, 32, 24))), x -> {
            Tensor padded = add("pad", new Op.Pad(i(0, 0, 1, 1), i(0, 0, 1, 1), Op.PadMode.REFLECT, 0f), x.get(0));
            Tensor y = add("conv", new Op.Convolution(4, i(3, 3), i(1, 1), i(0, 0), i(0, 0), i(1, 1), 1, w("n.conv.w", 4, 3, 3, 3), w("n.conv.b", 4)), padded);
            y = add("bn", new Op.Scale(ScaleMode.CHANNEL, 1, w("n.bn.shift", 4), wIn("n.bn.scale", 0.5f, 1.5f, 4), null), y);
            y = add("relu", new Op.Activation(ActivationType.RELU, 0, 0), y);
            y = add("maxpool", new Op.Pooling(PoolingType.MAX, i(3, 3), i(2, 2), i(1, 1), i(1, 1), true, true), y);
            y = add("avgpool", new Op.Pooling(PoolingType.AVERAGE, i(3, 3), i(2, 2), i(1, 1), i(1, 1), true, true), y);
            y = add("up", new Op.Deconvolution(3, i(2, 2), i(2, 2), i(0, 0), i(0, 0), i(1, 1), i(1, 1), 1, w("n.up.w", 4, 3, 2, 2), w("n.up.b", 3)), y);
            Tensor resized = add("resize", resizeOp(ResizeMode.LINEAR, CoordinateTransform.HALF_PIXEL, NearestRounding.FLOOR, new float[] {1, 1, 2, 2}, null), y);
            return List.of(y, resized);
        }));
        OpCase.Input image = dynamicFloats(Shape.of(1, 2, -1, -1), new ShapeRange(i(1, 2, 4, 4), i(1, 2, 8, 8), i(1, 2, 16, 16)),
                i(1, 2, 4, 4), i(1, 2, 7, 5), i(1, 2, 16, 9));
        OpCase.Input factor = shapeTensor(new ShapeRange(i(1, 1, 1, 1), i(1, 1, 2, 2), i(1, 1, 3, 3)), i(1, 1, 2, 2), i(1, 1, 3, 2), i(1, 1, 1, 3));
        c.add(OpCase.of("resize_to_shape_times_factor", List.of(image, factor), x -> {
            Tensor shape = add("shape", new Op.ShapeOf(DType.INT64), x.get(0));
            Tensor target = add("target", new Op.ElementWise(ElementWiseOperation.PROD), shape, x.get(1));
            Tensor nearest = add("nearest", resizeOp(ResizeMode.NEAREST, CoordinateTransform.ASYMMETRIC, NearestRounding.FLOOR, null, null), x.get(0), target);
            // linear resize must keep batch and channels, which the IR can only see with a constant factor
            Tensor doubled = add("doubled", new Op.ElementWise(ElementWiseOperation.PROD), shape, F.shapeValues(1, 1, 2, 3));
            Tensor linear = add("linear", resizeOp(ResizeMode.LINEAR, CoordinateTransform.HALF_PIXEL, NearestRounding.FLOOR, null, null), x.get(0), doubled);
            return List.of(nearest, linear);
        }));
        c.add(OpCase.of("fill_mesh_grid_dynamic_hw", List.of(image), x -> {
            Tensor shape = F.shapeOf(x.get(0));
            Tensor cols = F.arange(shape, 3, 0, 1, DType.FLOAT), rows = F.arange(shape, 2, 0.5, 2, DType.FLOAT);
            return List.of(F.add(x.get(0), cols), rows, F.arange(shape, 3, 7, -1, DType.INT32));
        }));
        OpCase.Input scale = shapeTensor(new ShapeRange(i(1), i(2), i(3)), i(2), i(3), i(1));
        c.add(OpCase.of("interpolate_to_size_tensor", List.of(image, scale), x -> {
            // SRCNN's run-time factor: the spatial size is H, W times an engine input, batch and channels are kept
            Tensor size = F.mul(F.slice(F.shapeOf(x.get(0)), new int[] {2}, new int[] {2}, new int[] {1}), x.get(1));
            return List.of(F.interpolate(x.get(0), size, "bicubic", false), F.interpolate(x.get(0), size, "bilinear", true));
        }));
        return new OpGroup("dynamic-shapes", Precision.FP32, c);
    }

    /** A few ops with FP16 kernels allowed (inputs and outputs stay FLOAT): looser tolerance. */
    static OpGroup fp16() {
        double tol = 2e-2;
        List<OpCase> c = new ArrayList<>();
        c.add(unaryCase("conv2d_fp16", List.of(floats(1, 8, 16, 16)),
                new Op.Convolution(8, i(3, 3), i(1, 1), i(1, 1), i(1, 1), i(1, 1), 1, w("h1.w", 8, 8, 3, 3), w("h1.b", 8))).withTolerance(tol));
        c.add(unaryCase("resize_linear_fp16", List.of(floats(1, 4, 6, 6)),
                resizeOp(ResizeMode.LINEAR, CoordinateTransform.HALF_PIXEL, NearestRounding.FLOOR, new float[] {1, 1, 2, 2}, null)).withTolerance(tol));
        c.add(unaryCase("softmax_fp16", List.of(floatsIn(-3, 3, 2, 16, 5)), new Op.SoftMax(1)).withTolerance(tol));
        c.add(binaryOp("matmul_fp16", new Op.MatMul(false, false), floats(2, 16, 32), floats(2, 32, 8)).withTolerance(tol));
        c.add(unaryCase("avgpool_fp16", List.of(floats(1, 8, 9, 9)), new Op.Pooling(PoolingType.AVERAGE, i(3, 3), i(2, 2), i(1, 1), i(1, 1), true, false)).withTolerance(tol));
        return new OpGroup("fp16", Precision.FP16, c);
    }
}
