package org.trt4j.networks.yolov3;

import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.run.EngineCache;
import org.trt4j.runtime.run.TensorRtRunner;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.ShapeRange;
import org.trt4j.runtime.trt.layers.NetworkTranslator;

import java.util.Map;

/** Uncached TensorRT engines for the GPU tests: each test builds what it checks. */
final class TestEngines {
    private TestEngines() {}

    /** A runner of a fresh engine for the defined network at its declared profiles. */
    static TensorRtRunner runner(DefinedNetwork defined, Precision precision) {
        BuildOptions options = BuildOptions.defaults().withPrecision(precision).withProgress(false).withProfiles(defined.profiles());
        return new TensorRtRunner(Engine.fromPlan(EngineCache.build(defined, "test weights", null, options, System.err)),
                "TensorRT " + precision + " test engine");
    }

    /** A fresh engine for any IR network, with min/opt/max shapes for its dynamic inputs. */
    static Engine engine(Network network, Map<String, ShapeRange> profiles, Precision precision) {
        BuildOptions options = BuildOptions.defaults().withPrecision(precision).withProgress(false).withProfiles(profiles);
        return Engine.fromPlan(EngineBuilder.build(network.name(), new NetworkTranslator(network), options));
    }
}
