package org.trt4j.runtime.cli;

import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.InputSpec;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.EnginePlan;
import org.trt4j.runtime.trt.ShapeRange;
import org.trt4j.runtime.trt.TensorRt;
import org.trt4j.runtime.trt.layers.NetworkTranslator;
import org.trt4j.weights.WeightFiles;
import org.trt4j.weights.WeightMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Defines a registered network from its weights and builds it into an engine plan with a complete sidecar. */
final class NetworkEngines {
    private NetworkEngines() {}

    static DefinedNetwork define(String network, Path weightsFile, BuildArgs args) {
        if (network == null) throw new UserError("name the network to use, or give --engine E.engine");
        if (weightsFile == null) throw new UserError("network " + network + " needs --weights W.wts");
        WeightMap weights;
        try {
            weights = WeightFiles.load(weightsFile);
        } catch (IOException e) {
            throw new UserError(weightsFile + ": cannot read weights: " + e.getMessage(), e);
        }
        DefinedNetwork defined = NetworkRegistry.define(network, weights, args.networkOptions(), args.shapeMap());
        if (!defined.unusedWeights().isEmpty())
            System.err.println("trt4j: warning: " + defined.unusedWeights().size() + " weights in " + weightsFile + " are unused: "
                    + abbreviate(defined.unusedWeights().toString()));
        return defined;
    }

    /** The network's own profile ranges for its dynamic inputs (overridden by --profile). */
    static Map<String, ShapeRange> declaredProfiles(DefinedNetwork defined) {
        Map<String, ShapeRange> m = new LinkedHashMap<>();
        for (InputSpec s : defined.inputs())
            if (!s.shape().isStatic()) m.put(s.name(), new ShapeRange(s.min().dims(), s.opt().dims(), s.max().dims()));
        return m;
    }

    static EnginePlan build(DefinedNetwork defined, Path weightsFile, BuildArgs args) {
        TensorRt.require();
        BuildOptions options = args.buildOptions(declaredProfiles(defined));
        String name = defined.factory().name();
        EnginePlan plan = EngineBuilder.build(name, new NetworkTranslator(defined.network()), options);
        return plan.withInfo(plan.info().withSource(name, defined.options().asMap(), weightsFile.toString(), EngineFiles.sha256(weightsFile)));
    }

    static String abbreviate(String s) { return s.length() <= 300 ? s : s.substring(0, 300) + " ..."; }
}
