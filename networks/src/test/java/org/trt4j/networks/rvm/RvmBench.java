package org.trt4j.networks.rvm;

import org.trt4j.networks.HashWeights;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.graph.DType;
import org.trt4j.runtime.run.TensorRtRunner;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Cuda;
import org.trt4j.runtime.trt.DeviceTensor;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.OnnxEmitter;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.TensorRt;
import org.trt4j.runtime.trt.layers.NetworkTranslator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * GPU host (.ci/gpu/bench.sh rvm): frames per second of rvm_mobilenetv3 at 1080x1920, ratio 0.25, batch 1, hash
 * weights, states ping-ponged on the device, for the hand-built engine and (with --onnx) TensorRT's ONNX parser on
 * rvm_reference.py's export of the same model with the same build options. Two figures each: end to end (a host
 * frame in, fgr and pha back on the host, as {@code trt4j matte} runs) and device-resident (src, fgr, pha bound to
 * device tensors too: the engine and the swaps only). Also the largest |trt4j - onnx| of fgr and pha over 3 frames.
 *
 * <pre>RvmBench [--fp16|--tf32|--fp32] [--onnx rvm.onnx] [--frames 300] [--timing-cache FILE] [--opt-level N]</pre>
 *
 * Both engines get the same build options; {@code --opt-level} (TensorRT's builder optimization level, default 3) trades
 * build time for the tactic search.
 */
public final class RvmBench {
    static final int H = 1080, W = 1920;
    static final float RATIO = 0.25f;

    public static void main(String[] args) throws Exception {
        Precision precision = Precision.FP16;
        Path onnx = null, cache = null;
        int frames = 300, level = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fp16", "--tf32", "--fp32" -> precision = Precision.valueOf(args[i].substring(2).toUpperCase(java.util.Locale.ROOT));
                case "--onnx" -> onnx = Path.of(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--timing-cache" -> cache = Path.of(args[++i]);
                case "--opt-level" -> level = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        DefinedNetwork net = NetworkRegistry.define("rvm_mobilenetv3", HashWeights.fromManifest("/golden/rvm/rvm_mobilenetv3.keys.json"),
                Map.of("height", String.valueOf(H), "width", String.valueOf(W), "ratio", String.valueOf(RATIO)), Map.of());
        BuildOptions options = BuildOptions.defaults().withPrecision(precision).withOptimizationLevel(level);
        if (cache != null) options = options.withTimingCache(cache);
        System.out.printf("rvm bench: %dx%d ratio %s batch 1, %s, optimization level %s, TensorRT %s, %s, %d frames%n", H, W, RATIO, precision,
                level < 0 ? "3 (default)" : level, TensorRt.version(), Cuda.currentDevice().name(), frames);
        HostTensor[] input = {RvmCpuGoldenTest.frame(0, H, W), RvmCpuGoldenTest.frame(1, H, W)};
        long t = System.nanoTime();
        try (TensorRtRunner trt4j = new TensorRtRunner(Engine.fromPlan(EngineBuilder.build("rvm_mobilenetv3",
                new NetworkTranslator(net.network()), options)), "trt4j")) {
            System.out.printf("trt4j engine built in %.1f s%n", (System.nanoTime() - t) / 1e9);
            double[] own = measure(trt4j, input, frames);
            report("trt4j", own);
            if (onnx == null) return;
            t = System.nanoTime();
            try (TensorRtRunner parsed = new TensorRtRunner(Engine.fromPlan(EngineBuilder.build("onnx:" + onnx.getFileName(),
                    new OnnxEmitter(onnx, trt4j.engine().inputs(), trt4j.engine().outputs()), options)), "onnx")) {
                System.out.printf("ONNX-parser engine built in %.1f s%n", (System.nanoTime() - t) / 1e9);
                double[] other = measure(parsed, input, frames);
                report("onnx", other);
                System.out.printf("ratio trt4j/onnx: end to end %.3fx, device-resident %.3fx%n", own[0] / other[0], own[1] / other[1]);
                compare(trt4j, parsed, input);
            }
        }
    }

    static void report(String name, double[] fps) {
        System.out.printf("%-6s end to end %.1f fps (%.3f ms/frame); device-resident %.1f fps (%.3f ms/frame)%n", name, fps[0], 1000 / fps[0],
                fps[1], 1000 / fps[1]);
    }

    /** {end-to-end fps, device-resident fps}, each after a warm-up of 30 frames. */
    static double[] measure(TensorRtRunner runner, HostTensor[] input, int frames) {
        List<int[]> shapes = RvmFactory.stateShapes(1, H, W, RATIO);
        double endToEnd, resident;
        try (RecurrentMatting m = new RecurrentMatting(runner, shapes)) {
            for (int i = 0; i < 30; i++) m.next(input[i % 2]);
            long t = System.nanoTime();
            for (int i = 0; i < frames; i++) m.next(input[i % 2]);
            endToEnd = frames / ((System.nanoTime() - t) / 1e9);
        }
        ExecutionSession s = runner.session();
        try (RecurrentMatting m = new RecurrentMatting(runner, shapes);
             DeviceTensor src = DeviceTensor.upload(DType.FLOAT, input[0]);
             DeviceTensor fgr = DeviceTensor.allocate(DType.FLOAT, 1, 3, H, W);
             DeviceTensor pha = DeviceTensor.allocate(DType.FLOAT, 1, 1, H, W)) {
            s.bind(RvmFactory.SRC, src).bind(RvmFactory.FGR, fgr).bind(RvmFactory.PHA, pha);
            for (int i = 0; i < 30; i++) m.nextOnDevice();
            long t = System.nanoTime();
            for (int i = 0; i < frames; i++) m.nextOnDevice();
            resident = frames / ((System.nanoTime() - t) / 1e9);
            for (String name : List.of(RvmFactory.SRC, RvmFactory.FGR, RvmFactory.PHA)) s.unbind(name);
        }
        return new double[]{endToEnd, resident};
    }

    /** Both engines on the same 3 frames from zero states. */
    static void compare(TensorRtRunner a, TensorRtRunner b, HostTensor[] input) {
        List<int[]> shapes = RvmFactory.stateShapes(1, H, W, RATIO);
        double fgr = 0, pha = 0;
        try (RecurrentMatting ma = new RecurrentMatting(a, shapes); RecurrentMatting mb = new RecurrentMatting(b, shapes)) {
            for (int i = 0; i < 3; i++) {
                RecurrentMatting.Matte x = ma.next(input[i % 2]), y = mb.next(input[i % 2]);
                fgr = Math.max(fgr, RvmCpuGoldenTest.maxAbs(x.fgr().floats(), y.fgr().floats()));
                pha = Math.max(pha, RvmCpuGoldenTest.maxAbs(x.pha().floats(), y.pha().floats()));
            }
        }
        System.out.printf("max |trt4j - onnx| over 3 frames: fgr %.3g, pha %.3g%n", fgr, pha);
    }
}
