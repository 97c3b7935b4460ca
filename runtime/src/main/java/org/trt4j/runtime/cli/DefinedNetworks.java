package org.trt4j.runtime.cli;

import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.weights.WeightFiles;
import org.trt4j.weights.WeightMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Defines a registered network from a weights file and the command's --option/--shape flags. */
final class DefinedNetworks {
    private DefinedNetworks() {}

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

    static String abbreviate(String s) { return s.length() <= 300 ? s : s.substring(0, 300) + " ..."; }
}
