package org.trt4j.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.InputSpec;
import org.trt4j.runtime.NetworkFactory;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.Options;
import org.trt4j.runtime.graph.Layer;
import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.weights.WeightFiles;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.convert.ConvertOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code trt4j inspect NETWORK}: the layer table of a registered network (module path, op, output shape, parameter
 * count) and totals, as text or JSON, without a GPU. Without NETWORK it lists the registered networks.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a network's layers (module path, op, output shape, parameters) and totals; no GPU needed.")
public class InspectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NETWORK", description = "registered network name; omit to list them")
    String network;

    @Option(names = "--weights", paramLabel = "W", description = "weights (.wts, .pth, .safetensors, Darknet .weights with --cfg); without it, shapes only")
    Path weights;

    @Option(names = "--cfg", paramLabel = "CFG", description = "Darknet .cfg for a .weights file")
    Path cfg;

    @Option(names = "--input-shape", paramLabel = "NAME=DIMS", description = "fix an input's shape, e.g. image=1x3x256x256 (repeatable)")
    List<String> inputShapes = new ArrayList<>();

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "network option, e.g. scale=3 (repeatable)")
    List<String> options = new ArrayList<>();

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (network == null) {
            listNetworks(out);
            return 0;
        }
        DefinedNetwork defined = define();
        if (json) out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(defined)));
        else printTable(defined, out);
        out.flush();
        return 0;
    }

    protected DefinedNetwork define() throws IOException {
        NetworkFactory factory = NetworkRegistry.find(network);
        Map<String, String> opts = Options.parseAssignments(options);
        Map<String, Shape> shapes = parseInputShapes(inputShapes);
        if (weights == null) return NetworkRegistry.defineWithoutWeights(factory, opts, shapes);
        WeightMap map = WeightFiles.load(weights, cfg, ConvertOptions.DEFAULTS);
        return NetworkRegistry.define(factory, map, opts, shapes);
    }

    static Map<String, Shape> parseInputShapes(List<String> assignments) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (var e : Options.parseAssignments(assignments).entrySet()) {
            try {
                shapes.put(e.getKey(), Shape.parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new UserError("--input-shape " + e.getKey() + "=" + e.getValue() + ": " + ex.getMessage());
            }
        }
        return shapes;
    }

    private static void listNetworks(PrintWriter out) {
        List<NetworkFactory> all = NetworkRegistry.all();
        if (all.isEmpty()) out.println("no networks registered");
        for (NetworkFactory f : all) {
            out.printf("%-16s %s%n", f.name(), f.description());
            for (var o : f.options()) out.printf("%-16s   option %s=%s  %s%n", "", o.key(), o.defaultValue(), o.description());
        }
    }

    private static String shapes(List<Tensor> tensors) {
        StringBuilder b = new StringBuilder();
        for (Tensor t : tensors) b.append(b.length() > 0 ? ", " : "").append(t.shape()).append(t.dtype() == org.trt4j.runtime.graph.DType.FLOAT ? "" : " " + t.dtype());
        return b.toString();
    }

    private void printTable(DefinedNetwork d, PrintWriter out) {
        Network net = d.network();
        out.println("network " + net.name() + (d.options().asMap().isEmpty() ? "" : "  options " + d.options()));
        for (InputSpec in : d.inputs())
            out.println("  input  " + in.name() + "  " + in.dtype() + " " + in.shape()
                    + (in.shape().isStatic() ? "" : "  profile " + in.min() + " / " + in.opt() + " / " + in.max()));
        for (Tensor t : net.outputs()) out.println("  output " + t.name() + "  " + t.dtype() + " " + t.shape());
        int nameWidth = 5, opWidth = 2;
        for (Layer l : net.layers()) {
            nameWidth = Math.max(nameWidth, l.name().length());
            opWidth = Math.max(opWidth, l.op().kind().length());
        }
        nameWidth = Math.min(nameWidth, 60);
        String row = "%4s  %-" + nameWidth + "s  %-" + opWidth + "s  %-20s  %12s  %s%n";
        out.printf(row, "#", "layer", "op", "output", "parameters", "attributes");
        for (Layer l : net.layers())
            out.printf(row, l.index(), l.name(), l.op().kind(), shapes(l.outputs()), l.op().parameterCount() == 0 ? "" : String.format("%,d", l.op().parameterCount()), OpSummary.of(l.op()));
        out.printf("%d layers, %,d parameters%n", net.layers().size(), net.parameterCount());
        if (weights == null) {
            var missing = net.weights().missingKeys();
            out.printf("no --weights given: shapes only; the network reads %d weight keys%n", missing.size());
        } else if (!d.unusedWeights().isEmpty()) {
            out.printf("%d unused weight keys: %s%n", d.unusedWeights().size(), String.join(", ", d.unusedWeights()));
        }
    }

    private Map<String, Object> toJson(DefinedNetwork d) {
        Network net = d.network();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("network", net.name());
        root.put("options", d.options().asMap());
        List<Object> inputs = new ArrayList<>();
        for (InputSpec in : d.inputs())
            inputs.add(Map.of("name", in.name(), "dtype", in.dtype().toString(), "shape", in.shape().dims(),
                    "min", in.min().dims(), "opt", in.opt().dims(), "max", in.max().dims()));
        root.put("inputs", inputs);
        List<Object> outputs = new ArrayList<>();
        for (Tensor t : net.outputs()) outputs.add(tensorJson(t));
        root.put("outputs", outputs);
        List<Object> layers = new ArrayList<>();
        for (Layer l : net.layers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", l.index());
            m.put("name", l.name());
            m.put("op", l.op().kind());
            m.put("attributes", OpSummary.of(l.op()));
            m.put("inputs", l.inputs().stream().map(Tensor::name).toList());
            m.put("outputs", l.outputs().stream().map(InspectCommand::tensorJson).toList());
            m.put("parameters", l.op().parameterCount());
            layers.add(m);
        }
        root.put("layers", layers);
        root.put("totalLayers", net.layers().size());
        root.put("totalParameters", net.parameterCount());
        root.put("weightsGiven", weights != null);
        if (weights == null) root.put("expectedWeights", net.weights().missingKeys().entrySet().stream()
                .map(e -> Map.of("key", e.getKey(), "shape", e.getValue().dims())).toList());
        root.put("unusedWeights", d.unusedWeights());
        return root;
    }

    private static Map<String, Object> tensorJson(Tensor t) {
        return Map.of("name", t.name(), "dtype", t.dtype().toString(), "shape", t.shape().dims());
    }
}
