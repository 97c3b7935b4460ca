package org.trt4j.runtime.cli;

import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.run.Backend;
import org.trt4j.runtime.run.EngineCache;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.trt.Cuda;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.EngineTensor;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.OnnxEmitter;
import org.trt4j.runtime.trt.ShapeRange;
import org.trt4j.runtime.trt.TensorRt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * trt4j bench: GPU time by CUDA events (first copy to last copy, and the engine alone), end-to-end host latency of
 * {@code run()}, throughput, and the Java host overhead (end-to-end minus GPU time); with --onnx, the same model
 * through TensorRT's ONNX parser, built with the same precision and shapes, timed in the same run, the two engines
 * taking turns.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark an engine (--engine E) or NETWORK --weights W; with --onnx, compare against TensorRT's ONNX parser.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NETWORK", description = "registered network name (not with --engine)")
    String network;

    @Option(names = "--engine", paramLabel = "E.engine") Path engineFile;

    @Option(names = "--weights", paramLabel = "W.wts") Path weights;

    @Option(names = "--onnx", paramLabel = "MODEL.onnx", description = "also build and time this ONNX model (same inputs and outputs, by position)")
    Path onnx;

    @Option(names = "--iterations", description = "timed inferences per measurement (default 1000 on TensorRT, 10 on the CPU)")
    Integer iterations;

    @Option(names = "--warmup", description = "untimed inferences first (default 100 on TensorRT, 2 on the CPU)")
    Integer warmup;

    @Option(names = "--backend", defaultValue = "tensorrt",
            description = "tensorrt, cpu (the CPU backend, end-to-end time of each inference) or auto (with NETWORK --weights; default ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--cuda-graph", description = "replay inferences as a CUDA graph")
    boolean cudaGraph;

    @Option(names = "--input", paramLabel = "NAME=VALUE", description = "NAME=file.npy, NAME=random (default) or NAME=64,64 (integers)")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--reference", paramLabel = "NAME=file.npy",
            description = "compare each engine's output NAME with this array (PyTorch's, say): max |difference|")
    List<String> references = new ArrayList<>();

    @Option(names = "--argmax-axis", paramLabel = "AXIS",
            description = "with --reference: also the share of positions whose argmax along AXIS agrees (class axis of a segmenter: 1)")
    Integer argmaxAxis;

    @Option(names = "--layers-out", paramLabel = "DIR", description = "with --onnx: write both engines' TensorRT layer information (JSON) to DIR")
    Path layersOut;

    @Mixin BuildArgs build = new BuildArgs();

    /** With --onnx: the lines of the kernel comparison, printed after the table. */
    private List<String> kernelReport = List.of();

    /** One engine's figures, in milliseconds. */
    record Result(String label, double[] gpu, double[] compute, double[] endToEnd, Map<String, HostTensor> outputs) {
        double gpuMedian() { return percentile(gpu, 50); }
        double e2eMedian() { return percentile(endToEnd, 50); }
    }

    @Override public Integer call() throws Exception {
        boolean cpu = !Backend.parse(backend).useTensorRt();
        if (iterations == null) iterations = cpu ? 10 : 1000;
        if (warmup == null) warmup = cpu ? 2 : 100;
        if (cpu) return new CpuBench(this).call();
        if (iterations < 1 || warmup < 0) throw new UserError("--iterations must be >= 1 and --warmup >= 0");
        if (layersOut != null && onnx == null) throw new UserError("--layers-out compares two engines: give --onnx too");
        List<ReferenceComparison> comparisons = comparisons();
        TensorRt.require();
        InputValues values = new InputValues(inputs, 0);
        List<Result> results;
        try (Engine engine = openEngine()) {
            if (onnx == null) {
                results = measure(List.of(new Timed("trt4j", engine)), values);
            } else {
                Map<String, ShapeRange> profiles = new LinkedHashMap<>();
                for (EngineTensor t : engine.inputs()) if (t.profile() != null) profiles.put(t.name(), t.profile());
                var options = build.buildOptions(profiles);
                if (engine.info() != null && !engine.info().precision().equals(options.precision().name()))
                    System.err.println("trt4j: warning: the engine was built " + engine.info().precision() + ", the ONNX model is built "
                            + options.precision() + " (give the same --fp16/--tf32)");
                var plan = EngineBuilder.build("onnx:" + onnx.getFileName(), new OnnxEmitter(onnx, engine.inputs(), engine.outputs()), options);
                try (Engine onnxEngine = Engine.fromPlan(plan)) {
                    results = measure(List.of(new Timed("trt4j", engine), new Timed("onnx", onnxEngine)), values);
                    kernelReport = compareKernels(engine.layerInformationJson(), onnxEngine.layerInformationJson());
                }
            }
        }
        print(results);
        for (ReferenceComparison c : comparisons) System.out.println(describe(c, results));
        kernelReport.forEach(System.out::println);
        return 0;
    }

    /** Which kernels differ between the two engines (and both layer lists to --layers-out): the why of a ratio. */
    private List<String> compareKernels(String trt4jLayers, String onnxLayers) throws IOException {
        if (layersOut != null) {
            Files.createDirectories(layersOut);
            Files.writeString(layersOut.resolve("trt4j.layers.json"), trt4jLayers);
            Files.writeString(layersOut.resolve("onnx.layers.json"), onnxLayers);
        }
        return KernelComparison.of(trt4jLayers, onnxLayers).describe("trt4j", "onnx");
    }

    private Engine openEngine() {
        if (engineFile != null) {
            if (network != null || weights != null) throw new UserError("give either --engine or NETWORK --weights, not both");
            return Engine.load(engineFile);
        }
        DefinedNetwork defined = DefinedNetworks.define(network, weights, build);
        return EngineCache.atDefaultRoot().open(defined, EngineFiles.sha256(weights), build.buildOptions(defined, EngineFiles.sha256(weights)), System.err);
    }

    /** An engine to time and its column label. */
    private record Timed(String label, Engine engine) {}

    /** Iterations per turn when engines take turns: small enough that clock or thermal drift hits every engine alike. */
    static final int TURN = 10;

    /**
     * Times the engines in turns of {@link #TURN} iterations (A, B, A, B, ...), first with CUDA events, then
     * end to end without them (the events add their own host calls), so a slow drift of the GPU's clocks during
     * the run cannot favour whichever engine ran first.
     */
    private List<Result> measure(List<Timed> engines, InputValues values) {
        List<ExecutionSession> sessions = new ArrayList<>();
        try {
            for (Timed t : engines) {
                ExecutionSession session = t.engine().newSession();
                sessions.add(session);
                EngineInputs.feed(t.engine(), session, values, build.shapeMap());
                session.useCudaGraph(cudaGraph).enableTiming(true);
            }
            int n = sessions.size();
            double[][] gpu = new double[n][iterations], compute = new double[n][iterations], e2e = new double[n][iterations];
            for (ExecutionSession session : sessions) for (int i = 0; i < warmup; i++) session.run();
            for (int from = 0; from < iterations; from += TURN) {
                for (int e = 0; e < n; e++) {
                    ExecutionSession session = sessions.get(e);
                    for (int i = from; i < Math.min(iterations, from + TURN); i++) {
                        session.run();
                        gpu[e][i] = session.lastGpuMillis();
                        compute[e][i] = session.lastComputeMillis();
                    }
                }
            }
            for (ExecutionSession session : sessions) {
                session.enableTiming(false);
                for (int i = 0; i < Math.min(warmup, TURN); i++) session.run();
            }
            for (int from = 0; from < iterations; from += TURN) {
                for (int e = 0; e < n; e++) {
                    ExecutionSession session = sessions.get(e);
                    for (int i = from; i < Math.min(iterations, from + TURN); i++) {
                        long t0 = System.nanoTime();
                        session.run();
                        e2e[e][i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
            List<Result> results = new ArrayList<>();
            for (int e = 0; e < n; e++) results.add(new Result(engines.get(e).label(), gpu[e], compute[e], e2e[e], sessions.get(e).outputs()));
            return results;
        } finally {
            for (int e = sessions.size() - 1; e >= 0; e--) sessions.get(e).close();
        }
    }

    private void print(List<Result> results) {
        Cuda.Device gpu = Cuda.currentDevice();
        System.out.printf("%s, TensorRT %s, %d iterations after %d warm-up%s%s, inputs:%s%n", gpu.name(), TensorRt.fullVersion(), iterations, warmup,
                results.size() > 1 ? ", engines taking turns of " + TURN : "", cudaGraph ? ", CUDA graph" : "", describeInputs());
        List<String[]> rows = new ArrayList<>();
        rows.add(header(results));
        rows.add(row("GPU time median (ms)", results, r -> percentile(r.gpu, 50), 4));
        rows.add(row("GPU time p99 (ms)", results, r -> percentile(r.gpu, 99), 4));
        rows.add(row("engine only median (ms)", results, r -> percentile(r.compute, 50), 4));
        rows.add(row("end-to-end median (ms)", results, r -> percentile(r.endToEnd, 50), 4));
        rows.add(row("end-to-end p99 (ms)", results, r -> percentile(r.endToEnd, 99), 4));
        rows.add(row("throughput (inferences/s)", results, r -> 1000.0 / mean(r.endToEnd), 0));
        rows.add(row("host overhead median (us)", results, r -> (r.e2eMedian() - r.gpuMedian()) * 1000, 1));
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) b.append(i == 0 ? String.format("%-" + width[i] + "s", r[i]) : String.format("  %" + width[i] + "s", r[i]));
            System.out.println(b);
        }
        if (results.size() == 2) {
            for (String name : results.get(0).outputs.keySet()) {
                HostTensor a = results.get(0).outputs.get(name), b = results.get(1).outputs.get(name);
                if (b == null || !Arrays.equals(a.shape(), b.shape())) {
                    System.out.println("output " + name + ": shapes differ (" + Shape.of(a.shape()) + " vs " + (b == null ? "none" : Shape.of(b.shape())) + ")");
                    continue;
                }
                float[] x = a.asFloats(), y = b.asFloats();
                // the scale says whether a difference is rounding (FP16 on outputs in the hundreds) or a real mismatch
                System.out.printf("output %s: max |trt4j - onnx| = %.3g (max |onnx| = %.3g)%n", name,
                        ReferenceComparison.maxAbsDifference(x, y), ReferenceComparison.maxAbs(y));
            }
        }
    }

    /** The --reference arrays, read before any work (--argmax-axis needs one). */
    List<ReferenceComparison> comparisons() {
        if (argmaxAxis != null && references.isEmpty()) throw new UserError("--argmax-axis compares with a reference: give --reference too");
        List<ReferenceComparison> comparisons = new ArrayList<>();
        BuildArgs.assignments(references, "--reference").forEach((name, file) -> comparisons.add(ReferenceComparison.read(name, Path.of(file))));
        return comparisons;
    }

    private String describe(ReferenceComparison c, List<Result> results) {
        Map<String, Map<String, HostTensor>> byLabel = new LinkedHashMap<>();
        for (Result r : results) byLabel.put(r.label, r.outputs);
        return c.describe(byLabel, argmaxAxis);
    }

    private String describeInputs() {
        StringBuilder b = new StringBuilder();
        for (var e : build.shapeMap().entrySet()) b.append(' ').append(e.getKey()).append('=').append(e.getValue());
        return b.length() == 0 ? " engine shapes (profile opt for dynamic inputs)" : b.toString();
    }

    private static String[] header(List<Result> results) {
        List<String> h = new ArrayList<>(List.of(""));
        for (Result r : results) h.add(r.label);
        if (results.size() == 2) h.add("ratio trt4j/onnx");
        return h.toArray(new String[0]);
    }

    private static String[] row(String name, List<Result> results, java.util.function.ToDoubleFunction<Result> f, int decimals) {
        List<String> cells = new ArrayList<>(List.of(name));
        double[] v = new double[results.size()];
        for (int i = 0; i < results.size(); i++) {
            v[i] = f.applyAsDouble(results.get(i));
            cells.add(Double.isNaN(v[i]) ? "n/a" : String.format("%." + decimals + "f", v[i]));
        }
        if (results.size() == 2) cells.add(Double.isNaN(v[0]) || Double.isNaN(v[1]) || v[1] == 0 ? "n/a" : String.format("%.3f", v[0] / v[1]));
        return cells.toArray(new String[0]);
    }

    static double percentile(double[] values, double p) {
        double[] s = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (s.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }
}
