package org.trt4j.networks;

import org.trt4j.networks.yolov3.Detection;
import org.trt4j.networks.yolov3.Nms;
import org.trt4j.networks.yolov3.NmsSettings;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.quant.ActivationScales;
import org.trt4j.runtime.quant.CalibrationSamples;
import org.trt4j.runtime.quant.Int8Calibration;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.Cuda;
import org.trt4j.runtime.trt.Engine;
import org.trt4j.runtime.trt.EngineBuilder;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.runtime.trt.ExecutionSession;
import org.trt4j.runtime.trt.Precision;
import org.trt4j.runtime.trt.TensorRt;
import org.trt4j.runtime.trt.layers.NetworkTranslator;
import org.trt4j.weights.WeightFiles;
import org.trt4j.weights.convert.ConvertOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * GPU host ({@code .ci/gpu/bench.sh int8}): how close an INT8 engine's answers stay to FP32's on photos it was not
 * calibrated on, per photo.
 * <pre>
 * Int8Agreement yolov3 --weights W --calib DIR --images DIR [--count N] [--calib-cache S.json] [--timing-cache C]
 *                [--int8-timing-cache C8] [--bias-correction] [--opt-level N]
 * Int8Agreement fcn_resnet101 --weights W --calib DIR --images DIR ...
 * </pre>
 * Both engines take the network's own pre-processing (what calibration uses: YOLOv3 letterboxed to 608, FCN to 520x520
 * and ImageNet-normalized). YOLOv3 is built with {@code heads=decoded}, so that both engines' boxes go through the same
 * host NMS (score 0.5, IoU 0.45, at most 100): a FP32 detection is matched by an INT8 one of the same class with IoU
 * at least 0.5 (greedy, by descending FP32 score, each INT8 box used once). FCN: the share of pixels whose argmax class
 * agrees. INT8 scales come from the network's calibration method over the first {@code --count} calibration samples.
 * {@code --int8-timing-cache} (default: the FP32 one) lets the INT8 build share {@code bench.sh int8}'s cache.
 */
public final class Int8Agreement {
    static final float MATCH_IOU = 0.5f;
    static final NmsSettings NMS = new NmsSettings(0.5f, 0.45f, 100, 100);

    public static void main(String[] args) throws Exception {
        String network = args[0];
        Path weights = null, calib = null, images = null, calibCache = null, timingCache = null, int8TimingCache = null;
        int count = 8;
        boolean biasCorrection = false;
        int optLevel = -1;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--weights" -> weights = Path.of(args[++i]);
                case "--calib" -> calib = Path.of(args[++i]);
                case "--images" -> images = Path.of(args[++i]);
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--calib-cache" -> calibCache = Path.of(args[++i]);
                case "--timing-cache" -> timingCache = Path.of(args[++i]);
                case "--int8-timing-cache" -> int8TimingCache = Path.of(args[++i]);
                case "--bias-correction" -> biasCorrection = true;
                case "--opt-level" -> optLevel = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (weights == null || calib == null || images == null) throw new IllegalArgumentException("--weights, --calib and --images are required");
        boolean yolo = network.equals("yolov3");
        if (!yolo && !network.equals("fcn_resnet101")) throw new IllegalArgumentException("network: yolov3 or fcn_resnet101, got " + network);
        Map<String, String> options = yolo ? Map.of("input", "608", "heads", "decoded") : Map.of();
        DefinedNetwork defined = NetworkRegistry.define(network, WeightFiles.load(weights, null, ConvertOptions.DEFAULTS), options, Map.of());
        ActivationScales scales = Int8Calibration.scales(defined, EngineFiles.sha256(weights), new Int8Calibration.Request(calib,
                defined.factory().calibrationMethod(), 99.99, count, calibCache, biasCorrection), System.out);
        BuildOptions base = BuildOptions.defaults().withProfiles(defined.profiles()).withTimingCache(timingCache)
                .withOptimizationLevel(optLevel);
        List<Path> photos = CalibrationSamples.files(images, 1000);
        List<Supplier<Map<String, HostTensor>>> inputs = CalibrationSamples.of(photos, defined);
        System.out.printf("%s INT8 against FP32 on %d photos of %s, TensorRT %s, %s; scales from %d samples of %s (%s)%n", network,
                photos.size(), images, TensorRt.version(), Cuda.currentDevice().name(), count, calib, defined.factory().calibrationMethod());
        try (Engine fp32 = Engine.fromPlan(EngineBuilder.build(network, new NetworkTranslator(defined.network()), base.withPrecision(Precision.FP32)));
             Engine int8 = Engine.fromPlan(EngineBuilder.build(network, new NetworkTranslator(defined.network(), scales), base.withInt8(scales)
                     .withTimingCache(int8TimingCache != null ? int8TimingCache : timingCache)));
             ExecutionSession a = fp32.newSession(); ExecutionSession b = int8.newSession()) {
            if (yolo) detections(photos, inputs, a, b);
            else pixels(photos, inputs, a, b);
        }
    }

    static void detections(List<Path> photos, List<Supplier<Map<String, HostTensor>>> inputs, ExecutionSession a, ExecutionSession b) {
        System.out.printf("%-40s %6s %6s %8s%n", "photo", "FP32", "INT8", "matched");
        int all32 = 0, all8 = 0, allMatched = 0;
        for (int i = 0; i < photos.size(); i++) {
            Map<String, HostTensor> in = inputs.get(i).get();
            List<Detection> d32 = detect(a, in), d8 = detect(b, in);
            int m = matched(d32, d8, MATCH_IOU);
            System.out.printf("%-40s %6d %6d %8d%n", photos.get(i).getFileName(), d32.size(), d8.size(), m);
            all32 += d32.size();
            all8 += d8.size();
            allMatched += m;
        }
        System.out.printf("all: %d FP32 and %d INT8 detections, %d matched (same class, IoU >= %.1f): recall %.3f, precision %.3f%n",
                all32, all8, allMatched, MATCH_IOU, all32 == 0 ? 1.0 : allMatched / (double) all32, all8 == 0 ? 1.0 : allMatched / (double) all8);
    }

    private static List<Detection> detect(ExecutionSession s, Map<String, HostTensor> in) {
        in.forEach(s::setInput);
        s.run();
        HostTensor boxes = s.output("boxes"), scores = s.output("scores");
        int[] sh = scores.shape();
        return Nms.run(boxes.floats(), scores.floats(), sh[0], sh[1], sh[2], NMS).of(0);
    }

    /** FP32 detections (any order) matched by INT8 ones: same class, IoU at least {@code iou}, each INT8 one used once. */
    static int matched(List<Detection> reference, List<Detection> other, float iou) {
        List<Detection> byScore = new ArrayList<>(reference);
        byScore.sort((x, y) -> Float.compare(y.score(), x.score()));
        boolean[] used = new boolean[other.size()];
        int n = 0;
        for (Detection r : byScore) {
            int best = -1;
            float bestIou = iou;
            for (int j = 0; j < other.size(); j++) {
                Detection o = other.get(j);
                if (used[j] || o.classId() != r.classId()) continue;
                float v = r.iou(o);
                if (v >= bestIou) {
                    bestIou = v;
                    best = j;
                }
            }
            if (best >= 0) {
                used[best] = true;
                n++;
            }
        }
        return n;
    }

    static void pixels(List<Path> photos, List<Supplier<Map<String, HostTensor>>> inputs, ExecutionSession a, ExecutionSession b) {
        System.out.printf("%-40s %14s%n", "photo", "argmax agrees");
        long agree = 0, total = 0;
        for (int i = 0; i < photos.size(); i++) {
            Map<String, HostTensor> in = inputs.get(i).get();
            int[] c32 = argmax(run(a, in)), c8 = argmax(run(b, in));
            int same = 0;
            for (int p = 0; p < c32.length; p++) if (c32[p] == c8[p]) same++;
            System.out.printf("%-40s %13.3f%%%n", photos.get(i).getFileName(), 100.0 * same / c32.length);
            agree += same;
            total += c32.length;
        }
        System.out.printf("all: %.3f%% of %d pixels take FP32's class%n", 100.0 * agree / total, total);
    }

    private static HostTensor run(ExecutionSession s, Map<String, HostTensor> in) {
        in.forEach(s::setInput);
        s.run();
        return s.output("out");
    }

    /** The class of every pixel of [1, C, H, W] logits (the first of equal maxima). */
    static int[] argmax(HostTensor logits) {
        int[] sh = logits.shape();
        int c = sh[1], plane = sh[2] * sh[3];
        float[] v = logits.asFloats();
        int[] out = new int[plane];
        for (int p = 0; p < plane; p++) {
            int best = 0;
            for (int k = 1; k < c; k++) if (v[k * plane + p] > v[best * plane + p]) best = k;
            out[p] = best;
        }
        return out;
    }
}
