package org.trt4j.runtime.trt;

import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.bytedeco.tensorrt.nvonnxparser.IParser;
import org.bytedeco.tensorrt.nvonnxparser.IParserError;
import org.trt4j.error.UserError;
import org.trt4j.runtime.graph.Shape;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.tensorrt.global.nvonnxparser.createParser;

/**
 * Fills a network from an ONNX model with TensorRT's ONNX parser, for benchmarking the same model both ways. The
 * model's inputs and outputs are renamed, by position, to a trt4j engine's names, and dynamic input dimensions take
 * that engine's dimensions, so one set of build options and inputs serves both engines.
 */
public final class OnnxEmitter implements TrtNetworkEmitter {
    private final Path model;
    private final List<EngineTensor> inputs;
    private final List<EngineTensor> outputs;

    /** @param like the trt4j engine's inputs and outputs the model must match by position */
    public OnnxEmitter(Path model, List<EngineTensor> likeInputs, List<EngineTensor> likeOutputs) {
        this.model = model;
        this.inputs = List.copyOf(likeInputs);
        this.outputs = List.copyOf(likeOutputs);
    }

    @Override public void emit(INetworkDefinition network, TrtKeepAlive keepAlive) {
        if (!Files.isRegularFile(model)) throw new UserError(model + ": ONNX model not found");
        TrtLogger logger = TrtLogger.get();
        // the parser owns the weights the network points to, so it must outlive the build; this binding cannot
        // delete parsers, so it lives until exit (one per benchmark run)
        IParser parser = createParser(network, logger);
        if (parser == null || parser.isNull()) throw new TrtException("createParser returned null");
        keepAlive.reference(parser);
        if (!parser.parseFromFile(model.toString(), TrtLogger.WARNING)) {
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < parser.getNbErrors(); i++) {
                IParserError e = parser.getError(i);
                errors.add(e.desc() + (e.nodeName() == null || e.nodeName().isEmpty() ? "" : " (node " + e.nodeName() + ", " + e.nodeOperator() + ")"));
            }
            throw new UserError(model + ": TensorRT's ONNX parser failed: " + String.join("; ", errors));
        }
        if (network.getNbInputs() != inputs.size() || network.getNbOutputs() != outputs.size())
            throw new UserError(model + " has " + network.getNbInputs() + " inputs and " + network.getNbOutputs() + " outputs; the trt4j engine has "
                    + inputs.size() + " and " + outputs.size() + ", so they cannot be compared");
        for (int i = 0; i < inputs.size(); i++) matchInput(network.getInput(i), inputs.get(i));
        for (int i = 0; i < outputs.size(); i++) network.getOutput(i).setName(outputs.get(i).name());
    }

    private void matchInput(ITensor in, EngineTensor like) {
        String onnxName = in.getName();
        int[] onnx = TrtTypes.ints(in.getDimensions(), "ONNX input '" + onnxName + "'");
        int[] want = like.shape();
        String mismatch = model + ": ONNX input '" + onnxName + "' " + Shape.of(onnx) + " does not fit the trt4j input '" + like.name() + "' " + Shape.of(want);
        if (onnx.length != want.length) throw new UserError(mismatch);
        int[] merged = onnx.clone();
        for (int d = 0; d < onnx.length; d++) {
            if (onnx[d] < 0) merged[d] = want[d];
            else if (want[d] >= 0 && want[d] != onnx[d]) throw new UserError(mismatch);
            else if (want[d] < 0)
                throw new UserError(mismatch + ": the ONNX model is static there; bench both at one fixed --shape");
        }
        in.setDimensions(TrtTypes.dims(merged));
        in.setName(like.name());
    }
}
