package org.trt4j.runtime.trt.layers;

import org.bytedeco.tensorrt.global.nvinfer.ActivationType;
import org.bytedeco.tensorrt.global.nvinfer.InterpolationMode;
import org.bytedeco.tensorrt.global.nvinfer.PluginFieldType;
import org.bytedeco.tensorrt.global.nvinfer.ResizeCoordinateTransformation;
import org.bytedeco.tensorrt.global.nvinfer.ResizeRoundMode;
import org.junit.jupiter.api.Test;
import org.trt4j.runtime.graph.Op;
import org.trt4j.runtime.graph.PluginField;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Every IR enum constant has a TensorRT counterpart; spot checks that the right one is picked (by native value). */
class TrtEnumsTest {
    private static <E extends Enum<E>> void allMap(Class<E> ir, Function<E, ?> mapping) {
        for (E e : ir.getEnumConstants()) assertNotNull(mapping.apply(e), ir.getSimpleName() + "." + e);
    }

    @Test void everyIrConstantMaps() {
        allMap(Op.ActivationType.class, TrtEnums::activation);
        allMap(Op.PoolingType.class, TrtEnums::pooling);
        allMap(Op.ScaleMode.class, TrtEnums::scaleMode);
        allMap(Op.ElementWiseOperation.class, TrtEnums::elementWise);
        allMap(Op.UnaryOperation.class, TrtEnums::unary);
        allMap(Op.ReduceOperation.class, TrtEnums::reduce);
        allMap(Op.ResizeMode.class, TrtEnums::interpolation);
        allMap(Op.CoordinateTransform.class, TrtEnums::coordinateTransform);
        allMap(Op.NearestRounding.class, TrtEnums::nearestRounding);
        allMap(Op.TopKOperation.class, TrtEnums::topK);
        allMap(PluginField.Type.class, TrtEnums::pluginField);
    }

    @Test void picksTheMatchingTensorRtValue() {
        assertEquals(9, TrtEnums.activation(Op.ActivationType.HARD_SIGMOID).value, "TensorRT's kHARD_SIGMOID = 9");
        assertEquals(ActivationType.kCLIP, TrtEnums.activation(Op.ActivationType.CLIP));
        assertEquals(InterpolationMode.kCUBIC, TrtEnums.interpolation(Op.ResizeMode.CUBIC));
        assertEquals(ResizeCoordinateTransformation.kHALF_PIXEL, TrtEnums.coordinateTransform(Op.CoordinateTransform.HALF_PIXEL));
        assertEquals(ResizeRoundMode.kFLOOR, TrtEnums.nearestRounding(Op.NearestRounding.FLOOR));
        assertEquals(PluginFieldType.kCHAR, TrtEnums.pluginField(PluginField.Type.CHAR));
    }
}
