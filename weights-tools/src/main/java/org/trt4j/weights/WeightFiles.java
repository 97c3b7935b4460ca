package org.trt4j.weights;

import org.trt4j.error.UserError;
import org.trt4j.weights.convert.ConvertOptions;
import org.trt4j.weights.convert.Safetensors;
import org.trt4j.weights.convert.TorchCheckpoint;
import org.trt4j.weights.darknet.DarknetCfg;
import org.trt4j.weights.darknet.DarknetWeights;
import org.trt4j.weights.wts.WtsReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads any supported weight file into a {@link WeightMap}: .wts (text), PyTorch torch.save zip checkpoints
 * (.pth/.pt/.ckpt/.bin), .safetensors, and Darknet .weights (which needs its .cfg). The format is recognised by the
 * file's first bytes, the extension only breaks ties.
 */
public final class WeightFiles {
    public enum Format { WTS, TORCH, SAFETENSORS, DARKNET }

    private WeightFiles() {}

    /** Loads a .wts, .pth or .safetensors file with default options (Darknet needs {@link #load(Path, Path, ConvertOptions)}). */
    public static WeightMap load(Path file) throws IOException {
        return load(file, null, ConvertOptions.DEFAULTS);
    }

    /** {@code cfg} is required for Darknet .weights and must be null otherwise. Options do not apply to .wts. */
    public static WeightMap load(Path file, Path cfg, ConvertOptions options) throws IOException {
        if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file");
        Format format = detect(file, cfg != null);
        if (cfg != null && format != Format.DARKNET)
            throw new UserError(file + ": --cfg applies to Darknet .weights files only, this is a " + format + " file");
        return switch (format) {
            case WTS -> WtsReader.read(file);
            case TORCH -> TorchCheckpoint.read(file, options);
            case SAFETENSORS -> Safetensors.read(file, options);
            case DARKNET -> {
                if (cfg == null) throw new UserError(file + ": a Darknet .weights file needs its cfg (--cfg yolov3.cfg)");
                yield DarknetWeights.read(file, DarknetCfg.parse(cfg), options);
            }
        };
    }

    public static Format detect(Path file, boolean haveCfg) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (name.endsWith(".wts")) return Format.WTS;
        if (name.endsWith(".weights")) return Format.DARKNET;
        if (n >= 2 && head[0] == 'P' && head[1] == 'K') return Format.TORCH;
        if (n >= 2 && (head[0] & 0xff) == 0x80) return Format.TORCH; // legacy pickle: TorchCheckpoint explains
        if (n >= 9 && head[8] == '{') return Format.SAFETENSORS;
        if (name.endsWith(".safetensors")) return Format.SAFETENSORS;
        if (name.endsWith(".pth") || name.endsWith(".pt") || name.endsWith(".ckpt")) return Format.TORCH;
        if (haveCfg) return Format.DARKNET;
        return Format.WTS;
    }
}
