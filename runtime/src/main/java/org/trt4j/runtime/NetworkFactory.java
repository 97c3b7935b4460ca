package org.trt4j.runtime;

import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.quant.CalibrationMethod;
import org.trt4j.runtime.tensor.HostTensor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A network trt4j can build by name (SPI: list implementations in
 * {@code META-INF/services/org.trt4j.runtime.NetworkFactory}). {@link NetworkRegistry#define} declares the inputs,
 * makes the network current, calls {@link #define} and checks the weights strictly.
 */
public interface NetworkFactory {
    /** Short CLI name, e.g. "yolov3". */
    String name();

    String description();

    /** The key=value options the network takes (e.g. scale=3, input=608). */
    default List<OptionSpec> options() { return List.of(); }

    /** The inputs, which may depend on the options. */
    List<InputSpec> inputs(Options options);

    /**
     * Adds the layers to network (which is current, its inputs declared: {@code network.input("image")}, its weights
     * in {@code network.weights()} for the modules) and marks the outputs.
     */
    void define(Network network, Options options);

    /**
     * The network's inputs for one calibration photo, through the network's own pre-processing (INT8 calibration
     * from a directory of images). Networks without an image pre-processing take .npy/.npz samples only.
     */
    default Map<String, HostTensor> calibrationSample(Path image, Options options) {
        throw new UserError(image + ": network " + name() + " has no image pre-processing for INT8 calibration; give .npy (one input) or .npz samples");
    }

    /**
     * How INT8 calibration turns this network's activation histograms into thresholds unless the user says otherwise:
     * entropy (TensorRT's rule) suits activations with long tails; a network whose activations carry a signal at its
     * full range in a few channels (SRCNN's pass-through of the image) needs a rule that never clips them.
     */
    default CalibrationMethod calibrationMethod() { return CalibrationMethod.ENTROPY; }
}
