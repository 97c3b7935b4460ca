package org.trt4j.runtime.quant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.trt4j.error.Excerpts;
import org.trt4j.error.UserError;
import org.trt4j.io.OutputFile;
import org.trt4j.runtime.trt.EngineFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * INT8 calibration result, per tensor (named as the IR names it: the module path of the layer producing it, or the
 * input's name): the clipping threshold amax, so the symmetric INT8 scale is amax / 127, and the mean of each channel,
 * for the bias correction of the weights reading it ({@link WeightQuantization}). Weights are not here: they are
 * quantized per output channel from their own values at build time. Stored as a JSON scales file, which caches a
 * calibration (its {@code key} says which network, weights, samples and method it came from).
 *
 * @param key          digest of what the calibration depends on; a cached file is reused only when it matches
 * @param samples      how many calibration samples were run
 * @param channelMeans per calibrated tensor, the mean of each channel (axis 1); empty in files from before it existed
 */
public record ActivationScales(String network, String method, String key, int samples, Map<String, Float> amax,
                               Map<String, float[]> channelMeans) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ActivationScales {
        amax = Map.copyOf(amax);
        for (var e : amax.entrySet())
            if (!(e.getValue() > 0) || e.getValue().isInfinite())
                throw new UserError("activation '" + e.getKey() + "': amax " + e.getValue() + " must be positive and finite");
        channelMeans = channelMeans == null ? Map.of() : Map.copyOf(channelMeans);
        for (var e : channelMeans.entrySet()) {
            if (!amax.containsKey(e.getKey())) throw new UserError("activation '" + e.getKey() + "' has channel means but no amax");
            for (float m : e.getValue())
                if (!Float.isFinite(m)) throw new UserError("activation '" + e.getKey() + "': channel mean " + m + " is not finite");
        }
    }

    /** The same scales without channel means: no bias correction at build time. */
    public ActivationScales withoutChannelMeans() {
        return channelMeans.isEmpty() ? this : new ActivationScales(network, method, key, samples, amax, Map.of());
    }

    /** The INT8 scale of a tensor, or null when it was not calibrated (it then stays in float). */
    public Float scale(String tensor) {
        Float a = amax.get(tensor);
        return a == null ? null : a / 127f;
    }

    /** SHA-256 over the sorted thresholds and channel means, for the engine-cache key. */
    public String digest() {
        StringBuilder b = new StringBuilder();
        for (var e : new TreeMap<>(amax).entrySet()) b.append(e.getKey()).append('=').append(Float.floatToIntBits(e.getValue())).append('\n');
        for (var e : new TreeMap<>(channelMeans).entrySet()) {
            b.append(e.getKey()).append(':');
            for (float m : e.getValue()) b.append(' ').append(Float.floatToIntBits(m));
            b.append('\n');
        }
        return EngineFiles.sha256(b.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    public void write(Path file) {
        OutputFile.write(file, out -> JSON.writeValue(out, new ActivationScales(network, method, key, samples, new TreeMap<>(amax),
                new TreeMap<>(channelMeans))));
    }

    public static ActivationScales read(Path file) {
        try {
            return JSON.readValue(Files.readAllBytes(file), ActivationScales.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            throw new UserError(file + ": " + e.getCause().getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError(file + ": not a trt4j scales file (line " + e.getLocation().getLineNr() + "): "
                    + Excerpts.quote(e.getOriginalMessage(), 200), e);
        } catch (IOException e) {
            throw UserError.cannotRead(file, e);
        }
    }
}
