package org.trt4j.runtime.trt.layers;

import org.bytedeco.tensorrt.global.nvinfer.ActivationType;
import org.bytedeco.tensorrt.global.nvinfer.ElementWiseOperation;
import org.bytedeco.tensorrt.global.nvinfer.InterpolationMode;
import org.bytedeco.tensorrt.global.nvinfer.PluginFieldType;
import org.bytedeco.tensorrt.global.nvinfer.PoolingType;
import org.bytedeco.tensorrt.global.nvinfer.ReduceOperation;
import org.bytedeco.tensorrt.global.nvinfer.ResizeCoordinateTransformation;
import org.bytedeco.tensorrt.global.nvinfer.ResizeRoundMode;
import org.bytedeco.tensorrt.global.nvinfer.ScaleMode;
import org.bytedeco.tensorrt.global.nvinfer.TopKOperation;
import org.bytedeco.tensorrt.global.nvinfer.UnaryOperation;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.PluginField;

/**
 * IR enums to TensorRT enums (DType: {@code TrtTypes.dataType}). The IR names its constants as TensorRT does
 * without the 'k' prefix, so each mapping is by name; the bytedeco enum classes are plain Java (no natives), so this
 * is unit-tested on machines without TensorRT.
 */
public final class TrtEnums {
    private TrtEnums() {}

    public static ActivationType activation(Op.ActivationType t) { return byName(ActivationType.class, t); }

    public static PoolingType pooling(Op.PoolingType t) { return byName(PoolingType.class, t); }

    public static ScaleMode scaleMode(Op.ScaleMode t) { return byName(ScaleMode.class, t); }

    public static ElementWiseOperation elementWise(Op.ElementWiseOperation t) { return byName(ElementWiseOperation.class, t); }

    public static UnaryOperation unary(Op.UnaryOperation t) { return byName(UnaryOperation.class, t); }

    public static ReduceOperation reduce(Op.ReduceOperation t) { return byName(ReduceOperation.class, t); }

    public static InterpolationMode interpolation(Op.ResizeMode t) { return byName(InterpolationMode.class, t); }

    public static ResizeCoordinateTransformation coordinateTransform(Op.CoordinateTransform t) {
        return byName(ResizeCoordinateTransformation.class, t);
    }

    public static ResizeRoundMode nearestRounding(Op.NearestRounding t) { return byName(ResizeRoundMode.class, t); }

    public static TopKOperation topK(Op.TopKOperation t) { return byName(TopKOperation.class, t); }

    public static PluginFieldType pluginField(PluginField.Type t) { return byName(PluginFieldType.class, t); }

    private static <E extends Enum<E>> E byName(Class<E> trtEnum, Enum<?> irValue) {
        try {
            return Enum.valueOf(trtEnum, "k" + irValue.name());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(irValue.getDeclaringClass().getSimpleName() + "." + irValue
                    + " has no TensorRT " + trtEnum.getSimpleName() + " counterpart", e);
        }
    }
}
