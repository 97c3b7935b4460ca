package org.trt4j.networks.yolov3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.trt4j.error.UserError;
import org.trt4j.networks.image.Letterbox;
import org.trt4j.networks.image.RgbImage;
import org.trt4j.networks.image.ImageInput;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.NetworkRegistry;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.run.Backend;
import org.trt4j.runtime.run.CpuRunner;
import org.trt4j.runtime.run.Runner;
import org.trt4j.runtime.run.Runners;
import org.trt4j.runtime.trt.BuildOptions;
import org.trt4j.runtime.trt.EngineFiles;
import org.trt4j.weights.WeightMap;
import org.trt4j.weights.WeightFiles;
import org.trt4j.weights.convert.ConvertOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code trt4j detect}: YOLOv3 on one image, boxes drawn with COCO labels; TensorRT when available, else the CPU. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Detects objects in an image with YOLOv3 (Darknet cfg + weights, or a yolov3 engine) and draws them.",
                "Uses TensorRT when its libraries load, the CPU reference backend otherwise (--backend forces one); says which."})
public final class DetectCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--engine", description = "a yolov3 engine (trt4j build yolov3 ...): heads=detections (NMS in the engine) or heads=decoded (NMS on the host)")
        Path engine;
        @Option(names = "--weights", description = ".wts (module_list.N.* keys) or Darknet .weights (with --cfg)")
        Path weights;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--cfg", description = "Darknet cfg (default: the shipped yolov3.cfg); needed to read Darknet .weights")
    Path cfg;

    @picocli.CommandLine.Mixin ImageInput input = new ImageInput();

    @Option(names = "--output", description = "image to write with the boxes drawn: .png or .jpg")
    Path output;

    @Option(names = "--json", description = "print the detections as JSON")
    boolean json;

    @Option(names = "--size", defaultValue = "608", description = "network input size with --weights (multiple of 32; default ${DEFAULT-VALUE})")
    int size;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--score", defaultValue = "0.5", description = "score threshold (objectness x class; default ${DEFAULT-VALUE}); a heads=detections engine keeps its build-time thresholds")
    float score;

    @Option(names = "--iou", defaultValue = "0.45", description = "NMS IoU threshold (default ${DEFAULT-VALUE})")
    float iou;

    @Option(names = "--max-detections", defaultValue = "100", description = "most detections kept (default ${DEFAULT-VALUE})")
    int maxDetections;

    @Option(names = "--resize", defaultValue = "letterbox", description = "letterbox (aspect kept, gray padding) or plain")
    String resize;

    @Option(names = "--precision", defaultValue = "fp16", description = "TensorRT precision with --weights: fp32, tf32, fp16")
    String precision;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, cpu or tensorrt (default ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--repeat", defaultValue = "1", description = "run inference (+ host NMS) this many times and report the median times (default ${DEFAULT-VALUE})")
    int repeat;

    @Override public Integer call() throws IOException {
        if (output != null) RgbImage.checkOutput(output); // before the work: a bad output path fails in a moment
        BufferedImage image = input.image();
        boolean keepAspect = switch (resize) {
            case "letterbox" -> true;
            case "plain" -> false;
            default -> throw new UserError("--resize " + resize + ": expected letterbox or plain");
        };
        NmsSettings nms = new NmsSettings(score, iou, maxDetections, maxDetections);
        try (Runner runner = runner()) {
            int s = runner.inputDims(YoloV3Factory.INPUT)[3];
            Letterbox letterbox = new Letterbox(s, keepAspect);
            float[] pixels = new float[3 * s * s];
            Letterbox.Placement placement = letterbox.fill(image, pixels, 0);
            HostTensor tensor = HostTensor.of(pixels, 1, 3, s, s);
            if (repeat < 1) throw new UserError("--repeat " + repeat + ": must be at least 1");
            double[] inferMs = new double[repeat], nmsMs = new double[repeat];
            Detections found = null;
            boolean hostNms = false;
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                Map<String, HostTensor> out = runner.run(Map.of(YoloV3Factory.INPUT, tensor));
                long t1 = System.nanoTime();
                hostNms = !out.containsKey(YoloV3Network.DETECTION_OUTPUTS.get(0));
                if (r == 0 && !hostNms && source.engine != null) warnIfThresholdsGiven();
                found = hostNms ? hostNms(out, nms) : engineDetections(out);
                inferMs[r] = (t1 - t0) / 1e6;
                nmsMs[r] = (System.nanoTime() - t1) / 1e6;
            }
            java.util.Arrays.sort(inferMs);
            java.util.Arrays.sort(nmsMs);
            if (hostNms)
                System.err.printf(Locale.ROOT, "trt4j detect: median of %d: inference incl. copies %.3f ms, host NMS %.3f ms%n",
                        repeat, inferMs[repeat / 2], nmsMs[repeat / 2]);
            else
                System.err.printf(Locale.ROOT, "trt4j detect: median of %d: inference incl. NMS and copies %.3f ms%n", repeat, inferMs[repeat / 2]);
            List<Detection> inImage = new ArrayList<>();
            for (Detection d : found.of(0)) inImage.add(d.inImage(placement));
            if (output != null) RgbImage.write(BoxPainter.paint(image, inImage, CocoNames::of), output);
            if (json) System.out.println(toJson(inImage));
            else if (output == null) for (Detection d : inImage) System.out.println(describe(d));
            System.err.println("trt4j detect: " + inImage.size() + " detection(s)" + (output != null ? ", drawn into " + output : ""));
        }
        return 0;
    }

    /** An engine with NMS inside keeps the thresholds it was built with: say so when the user asked for others. */
    private void warnIfThresholdsGiven() {
        List<String> given = new ArrayList<>();
        for (String name : List.of("--score", "--iou", "--max-detections"))
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) given.add(name);
        if (!given.isEmpty())
            System.err.println("trt4j detect: warning: " + String.join(", ", given) + " ignored: " + source.engine
                    + " runs NMS inside with the thresholds it was built with (see its .engine.json; rebuild to change them)");
    }

    /** The detections a heads=detections network computed (NMS inside, with its build-time thresholds). */
    private static Detections engineDetections(Map<String, HostTensor> out) {
        List<String> names = YoloV3Network.DETECTION_OUTPUTS;
        for (String name : names)
            if (!out.containsKey(name)) throw new UserError("the network has " + names.get(0) + " but no " + name + " output; outputs: " + out.keySet());
        HostTensor scores = out.get(names.get(2));
        return Nms.fromOutputs(out.get(names.get(0)), out.get(names.get(1)), scores, out.get(names.get(3)), scores.shape()[1]);
    }

    /** NMS on the host for heads=decoded engines (boxes + scores outputs). */
    private static Detections hostNms(Map<String, HostTensor> out, NmsSettings nms) {
        HostTensor boxes = out.get("boxes"), scores = out.get("scores");
        if (boxes == null || scores == null)
            throw new UserError("the network has neither detections nor boxes/scores outputs (build the engine with --option heads=detections); outputs: " + out.keySet());
        int[] sh = scores.shape();
        return Nms.run(boxes.floats(), scores.floats(), sh[0], sh[1], sh[2], nms);
    }

    private Runner runner() throws IOException {
        Backend chosen = Backend.parse(backend);
        if (source.engine != null) return Runners.openEngine(source.engine, chosen, System.err);
        WeightMap weights = WeightFiles.load(source.weights, isDarknet(source.weights) ? cfgOrShipped() : null, ConvertOptions.DEFAULTS);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("input", String.valueOf(size));
        options.put("heads", "detections");
        options.put("score", String.valueOf(score));
        options.put("iou", String.valueOf(iou));
        options.put("max", String.valueOf(maxDetections));
        if (cfg != null) options.put("cfg", cfg.toString());
        DefinedNetwork defined = NetworkRegistry.define("yolov3", weights, options, Map.of(YoloV3Factory.INPUT, Shape.of(1, 3, size, size)));
        BuildOptions build = BuildOptions.defaults().withPrecision(Backend.parsePrecision(precision)).withProfiles(defined.profiles());
        // the cfg option is a path: its content joins the weights' digest, so an edited cfg gets its own cached engine
        String weightsId = EngineFiles.sha256(source.weights) + (cfg == null ? "" : "+cfg:" + EngineFiles.sha256(cfg));
        Runner runner = Runners.open(defined, weightsId, chosen, build, System.err);
        if (runner instanceof CpuRunner && size > 320) System.err.println("trt4j detect: the CPU is slow at " + size + ": try --size 320");
        return runner;
    }

    private static boolean isDarknet(Path weights) { return weights.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".weights"); }

    /** Darknet .weights need a cfg file: the given one, or the shipped yolov3.cfg copied out of the jar. */
    private Path cfgOrShipped() throws IOException {
        if (cfg != null) return cfg;
        Path tmp = java.nio.file.Files.createTempFile("yolov3", ".cfg");
        tmp.toFile().deleteOnExit();
        try (var in = YoloV3Factory.class.getResourceAsStream("yolov3.cfg")) {
            java.nio.file.Files.write(tmp, in.readAllBytes());
        }
        return tmp;
    }

    private static String describe(Detection d) {
        return String.format(Locale.ROOT, "%-14s %.3f  [%.1f, %.1f, %.1f, %.1f]", CocoNames.of(d.classId()), d.score(), d.x1(), d.y1(), d.x2(), d.y2());
    }

    static String toJson(List<Detection> detections) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Detection d : detections) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", d.classId());
            m.put("label", CocoNames.of(d.classId()));
            m.put("score", d.score());
            m.put("box", new float[]{d.x1(), d.y1(), d.x2(), d.y2()});
            rows.add(m);
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("detections", rows));
    }
}
