package org.trt4j.runtime.cli;

import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.cpu.kernels.MatMul;
import org.trt4j.runtime.run.Backend;
import org.trt4j.runtime.run.Runner;
import org.trt4j.runtime.run.Runners;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.Precision;

import java.util.List;
import java.util.Map;

/**
 * {@code trt4j bench NETWORK --weights W --backend cpu}: the CPU backend's end-to-end time per inference (inputs
 * given, outputs returned), after warm-up runs, on the threads the JVM has (the common ForkJoinPool and OpenBLAS);
 * with --reference, the last run's outputs against PyTorch's arrays.
 */
final class CpuBench {
    private final BenchCommand command;

    CpuBench(BenchCommand command) { this.command = command; }

    int call() {
        BenchCommand c = command;
        if (c.engineFile != null) throw new UserError("--backend cpu runs NETWORK --weights W, not an engine file (--engine)");
        if (c.onnx != null || c.cudaGraph || c.layersOut != null)
            throw new UserError("--onnx, --cuda-graph and --layers-out are TensorRT comparisons: not with --backend cpu");
        // the CPU backend computes in FP32; its INT8 simulation (trt4j run --backend cpu --int8) is numerics, not speed
        if (c.build.precision() != Precision.FP32 || c.build.int8)
            throw new UserError("--backend cpu times the FP32 CPU backend: --tf32, --fp16 and --int8 are TensorRT precisions "
                    + "(trt4j run --backend cpu --int8 simulates INT8's numerics)");
        if (c.iterations < 1 || c.warmup < 0) throw new UserError("--iterations must be >= 1 and --warmup >= 0");
        List<ReferenceComparison> comparisons = c.comparisons();
        DefinedNetwork defined = DefinedNetworks.define(c.network, c.weights, c.build);
        InputValues values = new InputValues(c.inputs, 0);
        try (Runner runner = Runners.open(defined, EngineFiles.sha256(c.weights), Backend.CPU, c.build.buildOptions(defined.profiles()), System.err)) {
            Map<String, HostTensor> in = RunCommand.declaredInputs(defined, values);
            for (int i = 0; i < c.warmup; i++) runner.run(in);
            double[] ms = new double[c.iterations];
            Map<String, HostTensor> out = null;
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                out = runner.run(in);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            System.out.printf("CPU backend (%s GEMM), %d cores, %d iterations after %d warm-up, inputs:%s%n", MatMul.gemmLibrary(),
                    Runtime.getRuntime().availableProcessors(), c.iterations, c.warmup, describe(in));
            System.out.printf("end-to-end median (ms)     %10.1f%n", BenchCommand.percentile(ms, 50));
            System.out.printf("end-to-end min (ms)        %10.1f%n", BenchCommand.percentile(ms, 0));
            System.out.printf("end-to-end p90 (ms)        %10.1f%n", BenchCommand.percentile(ms, 90));
            System.out.printf("throughput (inferences/s)  %10.2f%n", 1000.0 / BenchCommand.mean(ms));
            for (ReferenceComparison r : comparisons) System.out.println(r.describe(Map.of("cpu", out), c.argmaxAxis));
        }
        return 0;
    }

    private static String describe(Map<String, HostTensor> in) {
        StringBuilder b = new StringBuilder();
        for (var e : in.entrySet()) b.append(' ').append(e.getKey()).append('=').append(org.trt4j.runtime.graph.Shape.of(e.getValue().shape()));
        return b.toString();
    }
}
