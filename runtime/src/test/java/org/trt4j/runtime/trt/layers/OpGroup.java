package org.trt4j.runtime.trt.layers;

import org.trt4j.runtime.graph.Network;
import org.trt4j.runtime.graph.Tensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Precision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cases built into one network, so one TensorRT engine build checks many ops. Inputs are named "case/inJ" and
 * outputs "case/outK"; layers sit under the case name, so a failing layer names its case.
 */
record OpGroup(String name, Precision precision, List<OpCase> cases) {

    /** The network, and per output name the case it belongs to. */
    record Built(Network network, Map<String, OpCase> outputCase, Map<String, OpCase.Input> inputs) {}

    Built build() {
        Network net = new Network(name);
        Map<String, OpCase> outputCase = new LinkedHashMap<>();
        Map<String, OpCase.Input> inputs = new LinkedHashMap<>();
        try (var current = net.makeCurrent()) {
            for (OpCase c : cases) {
                List<Tensor> in = new ArrayList<>();
                for (int j = 0; j < c.inputs().size(); j++) {
                    OpCase.Input spec = c.inputs().get(j);
                    String inputName = c.name() + "/in" + j;
                    in.add(net.addInput(inputName, spec.dtype(), spec.declared()));
                    inputs.put(inputName, spec);
                }
                List<Tensor> out;
                try (var scope = net.enterScope(c.name())) {
                    out = c.body().apply(in);
                }
                for (int k = 0; k < out.size(); k++) {
                    String outputName = c.name() + "/out" + k;
                    net.markOutput(outputName, out.get(k));
                    outputCase.put(outputName, c);
                }
            }
        }
        return new Built(net, outputCase, inputs);
    }

    /** Runs per input set: the most any input declares (dynamic inputs run at several shapes). */
    int runs() {
        int r = 1;
        for (OpCase c : cases) for (OpCase.Input i : c.inputs()) r = Math.max(r, i.runs());
        return r;
    }

    BuildOptions options(Built built) {
        BuildOptions o = BuildOptions.defaults().withPrecision(precision).withProgress(false);
        for (Map.Entry<String, OpCase.Input> e : built.inputs().entrySet()) {
            OpCase.Input in = e.getValue();
            if (in.profile() == null) continue;
            o = in.isShapeTensor() ? o.withValueProfile(e.getKey(), in.profile()) : o.withProfile(e.getKey(), in.profile());
        }
        return o;
    }

    @Override public String toString() { return name + " (" + precision + ", " + cases.size() + " cases)"; }
}
