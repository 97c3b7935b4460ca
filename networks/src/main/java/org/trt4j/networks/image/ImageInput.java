package org.trt4j.networks.image;

import org.trt4j.runtime.tensor.HostTensor;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * The --input image of upscale, segment and detect (a picocli mixin): the pixel budget checked before decoding, and
 * turned upright by its EXIF orientation as viewers show it (saying so).
 */
public final class ImageInput {
    @Option(names = "--input", required = true, description = "PNG or JPEG image")
    Path path;

    @Option(names = "--max-pixels", paramLabel = "N", description = "refuse images of more pixels than this, checked "
            + "before decoding (default ${DEFAULT-VALUE}: 100 megapixels)", defaultValue = "" + RgbImage.DEFAULT_MAX_PIXELS)
    long maxPixels;

    public Path path() { return path; }

    public BufferedImage image() {
        RgbImage.Decoded d = RgbImage.readUpright(path, maxPixels);
        if (d.turnedBy() != ExifOrientation.UPRIGHT)
            System.err.println("trt4j: " + path + ": turned upright as its EXIF orientation " + d.turnedBy() + " says");
        return d.image();
    }

    public HostTensor tensor() { return RgbImage.toTensor(image()); }
}
