package org.trt4j.runtime.trt;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.trt4j.error.Excerpts;
import org.trt4j.error.UserError;
import org.trt4j.io.OutputFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Engine files on disk: the raw TensorRT plan ({@code E.engine}, loadable by trtexec) and its JSON sidecar
 * ({@code E.engine.json}). No TensorRT calls here, so it works (and is tested) without a GPU.
 */
public final class EngineFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EngineFiles() {}

    public static Path sidecarOf(Path engine) {
        return engine.resolveSibling(engine.getFileName() + ".json");
    }

    /** Writes the plan and its sidecar (parent directories created), each through a temporary file moved into place. */
    public static void write(Path engine, byte[] plan, EngineInfo info) throws IOException {
        OutputFile.checkWritable(sidecarOf(engine));
        OutputFile.write(engine, out -> out.write(plan));
        writeSidecar(sidecarOf(engine), info);
    }

    public static void writeSidecar(Path sidecar, EngineInfo info) throws IOException {
        OutputFile.write(sidecar, out -> JSON.writeValue(out, info));
    }

    /** The sidecar next to {@code engine}, or null when there is none (e.g. an engine built by trtexec). */
    public static EngineInfo readSidecar(Path engine) {
        Path sidecar = sidecarOf(engine);
        if (!Files.exists(sidecar)) return null;
        try {
            return JSON.readValue(sidecar.toFile(), EngineInfo.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the original message only: Jackson's full one quotes up to 500 characters of the file
            throw new UserError(sidecar + ": not a valid trt4j engine sidecar (line " + e.getLocation().getLineNr() + "): "
                    + Excerpts.quote(e.getOriginalMessage(), 200), e);
        } catch (IOException e) {
            throw UserError.cannotRead(sidecar, e);
        }
    }

    /** The plan's bytes; a missing or unreadable file is a UserError naming it. */
    public static byte[] readPlan(Path engine) {
        try {
            return Files.readAllBytes(engine);
        } catch (NoSuchFileException e) {
            throw new UserError(engine + ": engine file not found");
        } catch (IOException e) {
            throw new UserError(engine + ": cannot read engine file: " + e.getMessage(), e);
        }
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of bytes in lowercase hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    /** SHA-256 of a file in lowercase hex. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) { /* digest as we read */ }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": weights file not found");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
