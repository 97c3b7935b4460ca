package org.trt4j.networks;

import org.trt4j.networks.yolov3.Detection;
import org.trt4j.networks.yolov3.Nms;
import org.trt4j.networks.yolov3.NmsSettings;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.cpu.CpuBackend;
import org.trt4j.runtime.quant.ActivationScales;
import org.trt4j.runtime.quant.CalibrationMethod;
import org.trt4j.runtime.quant.CalibrationSamples;
import org.trt4j.runtime.quant.Int8Calibration;
import org.trt4j.runtime.quant.Int8Simulation;
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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * GPU host ({@code .ci/gpu/bench.sh int8}): how close an INT8 engine's answers stay to FP32's on photos it was not
 * calibrated on, per photo.
 * <pre>
 * Int8Agreement yolov3 --weights W --calib DIR --images DIR [--count N] [--calib-cache S.json] [--timing-cache C]
 *                [--int8-timing-cache C8] [--bias-correction] [--opt-level N] [--backend tensorrt|cpu]
 *                [--calib-method entropy|percentile|max]
 * Int8Agreement fcn_resnet101 --weights W --calib DIR --images DIR ...
 * </pre>
 * {@code --backend cpu} compares the CPU backend's FP32 with {@link Int8Simulation} (the INT8 engine's rounding on the
 * CPU, no GPU): what the engines should give, to set beside what they do.
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
        boolean cpu = false;
        CalibrationMethod method = null;
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
                case "--calib-method" -> method = CalibrationMethod.parse(args[++i]);
                case "--opt-level" -> optLevel = Integer.parseInt(args[++i]);
                case "--backend" -> cpu = switch (args[++i]) {
                    case "cpu" -> true;
                    case "tensorrt" -> false;
                    default -> throw new IllegalArgumentException("--backend: tensorrt or cpu, got " + args[i]);
                };
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (weights == null || calib == null || images == null) throw new IllegalArgumentException("--weights, --calib and --images are required");
        boolean yolo = network.equals("yolov3");
        if (!yolo && !network.equals("fcn_resnet101")) throw new IllegalArgumentException("network: yolov3 or fcn_resnet101, got " + network);
        Map<String, String> options = yolo ? Map.of("input", "608", "heads", "decoded") : Map.of();
        DefinedNetwork defined = NetworkRegistry.define(network, WeightFiles.load(weights, null, ConvertOptions.DEFAULTS), options, Map.of());
        ActivationScales scales = Int8Calibration.scales(defined, EngineFiles.sha256(weights), new Int8Calibration.Request(calib,
                method != null ? method : defined.factory().calibrationMethod(), 99.99, count, calibCache, biasCorrection), System.out);
        BuildOptions base = BuildOptions.defaults().withProfiles(defined.profiles()).withTimingCache(timingCache)
                .withOptimizationLevel(optLevel);
        List<Path> photos = CalibrationSamples.files(images, 1000);
        List<Supplier<Map<String, HostTensor>>> inputs = CalibrationSamples.of(photos, defined);
        if (cpu) {
            System.out.printf("%s INT8 (simulated on the CPU) against FP32 (CPU) on %d photos of %s; scales from %d samples of %s (%s)%n", network,
                    photos.size(), images, count, calib, scales.method());
            CpuBackend fp32 = new CpuBackend();
            Int8Simulation int8 = new Int8Simulation(defined.network(), scales);
            compare(yolo, photos, inputs, in -> fp32.run(defined.network(), in), int8::run);
            return;
        }
        System.out.printf("%s INT8 against FP32 on %d photos of %s, TensorRT %s, %s; scales from %d samples of %s (%s)%n", network,
                photos.size(), images, TensorRt.version(), Cuda.currentDevice().name(), count, calib, scales.method());
        try (Engine fp32 = Engine.fromPlan(EngineBuilder.build(network, new NetworkTranslator(defined.network()), base.withPrecision(Precision.FP32)));
             Engine int8 = Engine.fromPlan(EngineBuilder.build(network, new NetworkTranslator(defined.network(), scales), base.withInt8(scales)
                     .withTimingCache(int8TimingCache != null ? int8TimingCache : timingCache)));
             ExecutionSession a = fp32.newSession(); ExecutionSession b = int8.newSession()) {
            compare(yolo, photos, inputs, in -> run(a, in), in -> run(b, in));
        }
    }

    private static void compare(boolean yolo, List<Path> photos, List<Supplier<Map<String, HostTensor>>> inputs, Model fp32, Model int8) {
        if (yolo) detections(photos, inputs, fp32, int8);
        else pixels(photos, inputs, fp32, int8);
    }

    /** One network's outputs by name for its inputs: an engine's session or the CPU backend. */
    interface Model extends Function<Map<String, HostTensor>, Map<String, HostTensor>> {}

    private static Map<String, HostTensor> run(ExecutionSession s, Map<String, HostTensor> in) {
        in.forEach(s::setInput);
        s.run();
        return s.outputs();
    }

    static void detections(List<Path> photos, List<Supplier<Map<String, HostTensor>>> inputs, Model a, Model b) {
        // the scores before NMS too: with many boxes near the score threshold (random weights), NMS turns small score
        // differences into other boxes, so the matched share alone does not say how far INT8 moved
        System.out.printf("%-40s %6s %6s %8s %12s %12s%n", "photo", "FP32", "INT8", "matched", "score RMS d", "score max d");
        int all32 = 0, all8 = 0, allMatched = 0;
        double squares = 0, worst = 0;
        long count = 0;
        for (int i = 0; i < photos.size(); i++) {
            Map<String, HostTensor> in = inputs.get(i).get();
            Map<String, HostTensor> o32 = a.apply(in), o8 = b.apply(in);
            List<Detection> d32 = detections(o32), d8 = detections(o8);
            int m = matched(d32, d8, MATCH_IOU);
            float[] s32 = o32.get("scores").floats(), s8 = o8.get("scores").floats();
            double sq = 0, max = 0;
            for (int k = 0; k < s32.length; k++) {
                double d = Math.abs(s32[k] - s8[k]);
                sq += d * d;
                max = Math.max(max, d);
            }
            System.out.printf("%-40s %6d %6d %8d %12.5f %12.5f%n", photos.get(i).getFileName(), d32.size(), d8.size(), m,
                    Math.sqrt(sq / s32.length), max);
            all32 += d32.size();
            all8 += d8.size();
            allMatched += m;
            squares += sq;
            count += s32.length;
            worst = Math.max(worst, max);
        }
        System.out.printf("all: %d FP32 and %d INT8 detections, %d matched (same class, IoU >= %.1f): recall %.3f, precision %.3f; "
                        + "scores before NMS differ by %.5f RMS, %.5f at most%n", all32, all8, allMatched, MATCH_IOU,
                all32 == 0 ? 1.0 : allMatched / (double) all32, all8 == 0 ? 1.0 : allMatched / (double) all8, Math.sqrt(squares / count), worst);
    }

    private static List<Detection> detections(Map<String, HostTensor> out) {
        HostTensor boxes = out.get("boxes"), scores = out.get("scores");
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

    static void pixels(List<Path> photos, List<Supplier<Map<String, HostTensor>>> inputs, Model a, Model b) {
        // with the synthetic weights the logits are near-uniform over the 21 classes, so the argmax flips where FP32's
        // top-2 margin is below INT8's error: the logits' relative RMS error and the median margin say how far each is
        System.out.printf("%-40s %14s %16s %14s%n", "photo", "argmax agrees", "logit RMS d rel", "median margin");
        long agree = 0, total = 0;
        double squares = 0, reference = 0;
        for (int i = 0; i < photos.size(); i++) {
            Map<String, HostTensor> in = inputs.get(i).get();
            HostTensor l32 = a.apply(in).get("out"), l8 = b.apply(in).get("out");
            int[] c32 = argmax(l32), c8 = argmax(l8);
            int same = 0;
            for (int p = 0; p < c32.length; p++) if (c32[p] == c8[p]) same++;
            float[] v32 = l32.asFloats(), v8 = l8.asFloats();
            double sq = 0, ref = 0;
            for (int k = 0; k < v32.length; k++) {
                sq += (v32[k] - v8[k]) * (double) (v32[k] - v8[k]);
                ref += v32[k] * (double) v32[k];
            }
            System.out.printf("%-40s %13.3f%% %16.4f %14.5f%n", photos.get(i).getFileName(), 100.0 * same / c32.length,
                    Math.sqrt(sq / ref), medianMargin(l32));
            agree += same;
            total += c32.length;
            squares += sq;
            reference += ref;
        }
        System.out.printf("all: %.3f%% of %d pixels take FP32's class; logits differ by %.4f of their RMS%n", 100.0 * agree / total, total,
                Math.sqrt(squares / reference));
    }

    /** The median over pixels of the gap between the largest and second largest logit. */
    static double medianMargin(HostTensor logits) {
        int[] sh = logits.shape();
        int c = sh[1], plane = sh[2] * sh[3];
        float[] v = logits.asFloats();
        double[] gaps = new double[plane];
        for (int p = 0; p < plane; p++) {
            float first = Float.NEGATIVE_INFINITY, second = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                float x = v[k * plane + p];
                if (x > first) { second = first; first = x; } else if (x > second) second = x;
            }
            gaps[p] = first - second;
        }
        java.util.Arrays.sort(gaps);
        return gaps[plane / 2];
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
