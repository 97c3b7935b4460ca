package org.trt4j.runtime.quant;

import org.trt4j.error.UserError;
import org.trt4j.runtime.DefinedNetwork;
import org.trt4j.runtime.InputSpec;
import org.trt4j.runtime.cpu.kernels.Layout;
import org.trt4j.runtime.graph.Shape;
import org.trt4j.runtime.tensor.HostTensor;
import org.trt4j.weights.npy.NpyArray;
import org.trt4j.weights.npy.Npz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A calibration directory: photos (through the network's own pre-processing), .npy files (networks with one input)
 * or .npz files (arrays named by input), in file-name order, at most {@code max} of them; each read only when the
 * calibration reaches it.
 */
public final class CalibrationSamples {
    private static final List<String> IMAGES = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private CalibrationSamples() {}

    /** The files that will be used, sorted by name. */
    public static List<Path> files(Path dir, int max) {
        if (max < 1) throw new UserError("--calib-count " + max + ": needs at least 1");
        if (!Files.isDirectory(dir)) throw new UserError(dir + ": calibration directory not found");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> kind(p) != null).sorted().limit(max).toList();
        } catch (IOException e) {
            throw UserError.cannotRead(dir, e);
        }
        if (files.isEmpty()) throw new UserError(dir + ": no calibration samples (images, .npy or .npz files)");
        return files;
    }

    public static List<Supplier<Map<String, HostTensor>>> of(List<Path> files, DefinedNetwork defined) {
        List<Supplier<Map<String, HostTensor>>> samples = new ArrayList<>();
        for (Path f : files) samples.add(() -> checked(f, read(f, defined), defined));
        return samples;
    }

    /**
     * Every input given, no other array, each of the input's rank and fixed dimensions: else an error naming the file.
     * A sample of batch 1 for an input of fixed batch N > 1 is repeated N times, which leaves every histogram's shape,
     * so every threshold, as at batch 1 (photos come through the pre-processing one at a time).
     */
    static Map<String, HostTensor> checked(Path file, Map<String, HostTensor> sample, DefinedNetwork defined) {
        sample = new LinkedHashMap<>(sample);
        for (InputSpec in : defined.inputs()) {
            HostTensor t = sample.get(in.name());
            int[] want = in.shape().dims();
            if (t != null && want.length > 0 && want[0] > 1 && t.shape().length == want.length && t.shape()[0] == 1)
                sample.put(in.name(), Layout.concat(0, java.util.Collections.nCopies(want[0], t).toArray(HostTensor[]::new)));
        }
        for (String name : sample.keySet())
            if (defined.inputs().stream().noneMatch(in -> in.name().equals(name)))
                throw new UserError(file + ": array '" + name + "' is not an input of " + defined.network().name() + " (inputs: "
                        + defined.inputs().stream().map(InputSpec::name).toList() + ")");
        for (InputSpec in : defined.inputs()) {
            HostTensor t = sample.get(in.name());
            if (t == null) throw new UserError(file + ": no array for input '" + in.name() + "' of " + defined.network().name());
            int[] want = in.shape().dims(), got = t.shape();
            boolean fits = want.length == got.length;
            for (int i = 0; fits && i < want.length; i++) fits = want[i] == Shape.DYNAMIC || want[i] == got[i];
            if (!fits)
                throw new UserError(file + ": input '" + in.name() + "' is " + Shape.of(got) + ", the network takes " + in.shape());
        }
        return sample;
    }

    private static String kind(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".npy")) return "npy";
        if (n.endsWith(".npz")) return "npz";
        for (String e : IMAGES) if (n.endsWith(e)) return "image";
        return null;
    }

    static Map<String, HostTensor> read(Path file, DefinedNetwork defined) {
        try {
            return switch (kind(file)) {
                case "image" -> defined.factory().calibrationSample(file, defined.options());
                case "npy" -> {
                    if (defined.inputs().size() != 1)
                        throw new UserError(file + ": a .npy sample fits networks with one input; " + defined.network().name() + " has "
                                + defined.inputs().size() + ": use .npz with arrays named by input");
                    yield Map.of(defined.inputs().get(0).name(), tensor(Npz.readNpy(file)));
                }
                default -> {
                    Map<String, HostTensor> m = new LinkedHashMap<>();
                    for (var e : Npz.read(file).entrySet()) m.put(e.getKey(), tensor(e.getValue()));
                    yield m;
                }
            };
        } catch (IOException e) {
            throw UserError.cannotRead(file, e);
        }
    }

    private static HostTensor tensor(NpyArray a) {
        return a.isInteger() ? HostTensor.ofInts(a.ints(), a.shape()) : HostTensor.of(a.floats(), a.shape());
    }
}
