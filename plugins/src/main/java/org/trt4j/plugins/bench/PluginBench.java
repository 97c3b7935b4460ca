package org.trt4j.plugins.bench;

import org.bytedeco.tensorrt.global.nvinfer.DataType;
import org.bytedeco.tensorrt.global.nvinfer.InterpolationMode;
import org.bytedeco.tensorrt.global.nvinfer.SampleMode;
import org.bytedeco.tensorrt.nvinfer.IGridSampleLayer;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.ITensor;
import org.trt4j.error.UserError;
import org.trt4j.plugins.BatchedNms;
import org.trt4j.plugins.BatchedNmsSpec;
import org.trt4j.plugins.GridSample;
import org.trt4j.plugins.GridSampleSpec;
import org.trt4j.plugins.MatrixInverseSpec;
import org.trt4j.runtime.graph.PluginSpec;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.TrtNetworkEmitter;
import org.trt4j.runtime.trt.TrtTypes;
import org.trt4j.runtime.trt.layers.PluginOps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times the trt4j plugins inside TensorRT engines on the GPU: the GridSample plugin against TensorRT's native
 * IGridSampleLayer at MVS sizes (C=32, a 48·128×160 grid over a 128×160 map; bilinear, zeros, align_corners), FP32
 * and FP16, 1M 4×4 inverses (plus 64K 8×8 through the Gauss-Jordan kernel), and the BatchedNms plugin at YOLOv3
 * 608 size (22743 boxes × 80 classes) with trained-detector-like scores and with random-weight-like saturated ones. Each figure is the median of the
 * CUDA-event time of enqueueV3 over the iterations (an engine holding only that layer).
 *
 * <pre>java -cp ... org.trt4j.plugins.bench.PluginBench [--iterations 50] [--out results.md]</pre>
 */
public final class PluginBench {
    static final int C = 32, H = 128, W = 160, DEPTHS = 48;

    private PluginBench() {}

    public static void main(String[] args) throws IOException {
        int iterations = 50;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new UserError("unknown argument '" + args[i] + "' (usage: PluginBench [--iterations N] [--out FILE])");
            }
        }
        List<String> rows = new ArrayList<>();
        rows.add("| case | TensorRT layer | precision | median ms | min ms |");
        rows.add("|---|---|---|---|---|");
        float[] x = BenchData.features(C, H, W, 1);
        float[] grid = BenchData.homographyGrid(DEPTHS, H, W);
        GridSampleSpec spec = new GridSampleSpec(GridSample.Mode.BILINEAR, GridSample.Padding.ZEROS, true);
        String gridCase = "grid sample 1x" + C + "x" + H + "x" + W + ", grid 1x" + (DEPTHS * H) + "x" + W + "x2";
        for (boolean half : new boolean[] {false, true}) {
            DataType type = half ? DataType.kHALF : DataType.kFLOAT;
            String precision = half ? "FP16" : "FP32";
            int[] xDims = {1, C, H, W}, gDims = {1, DEPTHS * H, W, 2};
            rows.add(row(gridCase, "trt4j GridSample plugin", precision, time(pluginNet(spec, type, DataType.kFLOAT, xDims, gDims),
                    half, iterations, x, grid)));
            // The native layer wants the grid in the input's type.
            rows.add(row(gridCase, "native IGridSampleLayer", precision, time(nativeGridSample(type, xDims, gDims), half, iterations, x, grid)));
        }
        int batch = 1 << 20;
        rows.add(row("inverse of 1M 4x4", "trt4j MatrixInverse plugin", "FP32",
                time(pluginNet(new MatrixInverseSpec(), DataType.kFLOAT, null, new int[] {batch, 4, 4}, null), false, iterations,
                        BenchData.wellConditionedMatrices(batch, 4, 3), null)));
        int batch8 = 1 << 16;
        rows.add(row("inverse of 64K 8x8", "trt4j MatrixInverse plugin", "FP32",
                time(pluginNet(new MatrixInverseSpec(), DataType.kFLOAT, null, new int[] {batch8, 8, 8}, null), false, iterations,
                        BenchData.wellConditionedMatrices(batch8, 8, 4), null)));
        int boxes = BenchData.YOLO_608_BOXES, classes = BenchData.COCO_CLASSES;
        BatchedNmsSpec nms = new BatchedNmsSpec(new BatchedNms.Settings(0.5f, 0.45f, 100, 100));
        String nmsCase = "NMS 1x" + boxes + " boxes x " + classes + " classes (YOLOv3 608), K=100, ";
        float[] detectionBoxes = BenchData.detectionBoxes(1, boxes, 608, 5);
        rows.add(row(nmsCase + "~300 pairs > 0.5", "trt4j BatchedNms plugin", "FP32", time(nmsNet(nms, boxes, classes),
                false, iterations, detectionBoxes, BenchData.realisticScores(1, boxes, classes, 300, 5))));
        rows.add(row(nmsCase + "90% of pairs = 1.0 (random weights)", "trt4j BatchedNms plugin", "FP32",
                time(nmsNet(nms, boxes, classes), false, iterations, detectionBoxes, BenchData.saturatedScores(1, boxes, classes, 90, 6))));
        String table = String.join("\n", rows) + "\n";
        System.out.print(table);
        if (out != null) Files.writeString(out, table);
    }

    private static String row(String name, String layer, String precision, float[] stats) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f |", name, layer, precision, stats[0], stats[1]);
    }

    /** {median, min} of enqueueV3 time in ms. */
    private static float[] time(TrtNetworkEmitter net, boolean half, int iterations, float[] a, float[] b) {
        BuildOptions options = BuildOptions.defaults().withProgress(false).withPrecision(half ? Precision.FP16 : Precision.FP32);
        try (Engine engine = Engine.fromPlan(EngineBuilder.build("bench", net, options));
             ExecutionSession session = engine.newSession()) {
            session.enableTiming(true);
            session.setInput("a", a);
            if (b != null) session.setInput("b", b);
            for (int i = 0; i < 3; i++) session.run(); // warm-up
            float[] ms = new float[iterations];
            for (int i = 0; i < iterations; i++) {
                session.run();
                ms[i] = session.lastComputeMillis();
            }
            Arrays.sort(ms);
            return new float[] {ms[iterations / 2], ms[0]};
        }
    }

    private static TrtNetworkEmitter pluginNet(PluginSpec spec, DataType aType, DataType bType, int[] aDims, int[] bDims) {
        return (network, keepAlive) -> {
            ITensor a = input(network, "a", aType, aDims);
            ITensor out = bDims == null ? PluginOps.add(network, keepAlive, spec, "plugin", a).getOutput(0)
                    : PluginOps.add(network, keepAlive, spec, "plugin", a, input(network, "b", bType, bDims)).getOutput(0);
            mark(network, out, aType);
        };
    }

    /** Boxes "a" [1, B, 4] and scores "b" [1, B, C] into the NMS plugin; all four outputs marked. */
    private static TrtNetworkEmitter nmsNet(BatchedNmsSpec spec, int boxes, int classes) {
        return (network, keepAlive) -> {
            var layer = PluginOps.add(network, keepAlive, spec, "nms", input(network, "a", DataType.kFLOAT, new int[] {1, boxes, 4}),
                    input(network, "b", DataType.kFLOAT, new int[] {1, boxes, classes}));
            String[] names = {"out", "det_boxes", "det_scores", "det_classes"};
            DataType[] types = {DataType.kINT32, DataType.kFLOAT, DataType.kFLOAT, DataType.kINT32};
            for (int i = 0; i < names.length; i++) {
                ITensor out = layer.getOutput(i);
                out.setName(names[i]);
                network.markOutput(out);
                out.setType(types[i]);
            }
        };
    }

    private static TrtNetworkEmitter nativeGridSample(DataType type, int[] xDims, int[] gDims) {
        return (network, keepAlive) -> {
            IGridSampleLayer layer = network.addGridSample(input(network, "a", type, xDims), input(network, "b", type, gDims));
            if (layer == null || layer.isNull()) throw new UserError("addGridSample failed");
            layer.setInterpolationMode(InterpolationMode.kLINEAR);
            layer.setAlignCorners(true);
            if (!layer.setSampleMode(SampleMode.kFILL)) throw new UserError("IGridSampleLayer.setSampleMode(kFILL) failed");
            mark(network, layer.getOutput(0), type);
        };
    }

    private static ITensor input(INetworkDefinition network, String name, DataType type, int[] dims) {
        ITensor t = network.addInput(name, type, TrtTypes.dims(dims));
        if (t == null || t.isNull()) throw new UserError("addInput " + name + " failed");
        return t;
    }

    private static void mark(INetworkDefinition network, ITensor out, DataType type) {
        out.setName("out");
        network.markOutput(out);
        out.setType(type);
    }

}
