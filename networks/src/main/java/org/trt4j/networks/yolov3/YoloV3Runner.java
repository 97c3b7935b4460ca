package org.trt4j.networks.yolov3;

import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.InputSpec;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.ShapeRange;
import org.trt4j.runtime.trt.layers.NetworkTranslator;

import java.util.LinkedHashMap;
import java.util.Map;

/** Runs a YOLOv3 network (detections, or boxes + scores) on one backend: the CPU reference or a TensorRT engine. */
public interface YoloV3Runner extends AutoCloseable {

    /** Input square size in pixels. */
    int inputSize();

    /** Which backend, in words, for the user. */
    String backend();

    /** Outputs by name for an N x 3 x S x S input. */
    Map<String, HostTensor> run(HostTensor input);

    @Override default void close() {}

    /** The CPU backend running the defined network. */
    static YoloV3Runner cpu(DefinedNetwork defined) {
        int size = defined.network().input(YoloV3Factory.INPUT).dim(3);
        CpuBackend cpu = new CpuBackend();
        return new YoloV3Runner() {
            @Override public int inputSize() { return size; }
            @Override public String backend() { return "CPU reference backend"; }
            @Override public Map<String, HostTensor> run(HostTensor input) {
                return cpu.run(defined.network(), Map.of(YoloV3Factory.INPUT, input));
            }
        };
    }

    /** Builds a TensorRT engine for the defined network (its input profile) at the given precision. */
    static YoloV3Runner buildTensorRt(DefinedNetwork defined, Precision precision) {
        Map<String, ShapeRange> profiles = new LinkedHashMap<>();
        for (InputSpec in : defined.inputs())
            if (!in.shape().isStatic())
                profiles.put(in.name(), new ShapeRange(in.min().dims(), in.opt().dims(), in.max().dims()));
        return tensorRt(buildEngine(defined.network(), profiles, precision), "TensorRT " + precision + " engine built from the weights");
    }

    /** A TensorRT engine for any IR network, with min/opt/max shapes for its dynamic inputs. */
    static Engine buildEngine(Network network, Map<String, ShapeRange> profiles, Precision precision) {
        BuildOptions options = BuildOptions.defaults().withPrecision(precision).withProgress(false);
        for (var e : profiles.entrySet()) options = options.withProfile(e.getKey(), e.getValue());
        return Engine.fromPlan(EngineBuilder.build(network.name(), new NetworkTranslator(network), options));
    }

    /** Runs a loaded yolov3 engine (input "input", N x 3 x S x S); the runner closes the engine. */
    static YoloV3Runner tensorRt(Engine engine, String description) {
        var input = engine.inputs().stream().filter(t -> t.name().equals(YoloV3Factory.INPUT)).findFirst()
                .orElseThrow(() -> new UserError(engine.source() + ": no input named '" + YoloV3Factory.INPUT + "' (a yolov3 engine has one)"));
        int size = input.shape()[3];
        ExecutionSession session = engine.newSession();
        return new YoloV3Runner() {
            @Override public int inputSize() { return size; }
            @Override public String backend() { return description; }
            @Override public Map<String, HostTensor> run(HostTensor in) {
                session.setInput(YoloV3Factory.INPUT, in);
                session.run();
                return session.outputs();
            }
            @Override public void close() { engine.close(); }
        };
    }
}
