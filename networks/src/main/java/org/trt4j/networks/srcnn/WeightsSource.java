package org.trt4j.networks.srcnn;

import org.trt4j.error.UserError;
import org.trt4j.weights.WeightFiles;
import org.trt4j.weights.WeightMap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Weights for a command: a user-given file (any format WeightFiles reads), or a .wts resource shipped in the jar. */
public record WeightsSource(WeightMap weights, String sha256, String description) {

    public static WeightsSource load(Path file, String defaultResource) {
        try {
            if (file != null) {
                if (!Files.isRegularFile(file)) throw new UserError(file + ": no such weights file");
                return new WeightsSource(WeightFiles.load(file), org.trt4j.runtime.trt.EngineFiles.sha256(file), file.toString());
            }
            if (defaultResource == null) throw new UserError("give the weights with --weights FILE");
            byte[] bytes;
            try (InputStream in = WeightsSource.class.getResourceAsStream(defaultResource)) {
                if (in == null) throw new UserError("the default weights " + defaultResource + " are not in this build; give --weights FILE");
                bytes = in.readAllBytes();
            }
            // the .wts reader takes files; the shipped weights are small
            Path tmp = Files.createTempFile("trt4j-weights-", ".wts");
            try {
                Files.write(tmp, bytes);
                return new WeightsSource(WeightFiles.load(tmp), org.trt4j.runtime.trt.EngineFiles.sha256(bytes), "shipped " + defaultResource);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UserError((file != null ? file : defaultResource) + ": cannot read the weights (" + e.getMessage() + ")", e);
        }
    }
}
