package org.trt4j.networks.image;

import org.trt4j.error.Excerpts;
import org.trt4j.error.UserError;
import org.trt4j.io.OutputFile;
import org.trt4j.runtime.tensor.HostTensor;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Images as the networks see them: NCHW float32, RGB channel order, values in [0, 1] (8-bit value / 255), batch 1.
 * Reading accepts whatever ImageIO decodes (PNG, JPEG, BMP, GIF); grey and palette images become RGB with the
 * values PIL, OpenCV and torchvision read, alpha is dropped, CMYK is refused; a pixel budget is checked from the
 * header before decoding. Writing clips to [0, 1] and rounds to 8 bits,
 * PNG or JPEG by the file's extension.
 */
public final class RgbImage {
    private RgbImage() {}

    /** Images larger than this many pixels are refused before decoding unless the command's --max-pixels raises it. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** Output formats by file extension. */
    private static final Map<String, String> FORMATS = Map.of("png", "png", "jpg", "jpeg", "jpeg", "jpeg");

    public static HostTensor read(Path path, long maxPixels) {
        return toTensor(readImage(path, maxPixels));
    }

    /**
     * The decoded image as stored (no EXIF turn: camera frames and calibrated views), or one clear error naming the
     * file. The size comes from the image header first, so a file claiming more than {@code maxPixels} is refused
     * before any pixel memory is allocated.
     */
    public static BufferedImage readImage(Path path, long maxPixels) {
        return decode(path, maxPixels, false).image();
    }

    /** A decoded image and the EXIF orientation it was turned upright by ({@link ExifOrientation#UPRIGHT}: none). */
    public record Decoded(BufferedImage image, int turnedBy) {}

    /** A user's photo as a viewer shows it: turned upright by its EXIF orientation, if it has one (JPEG). */
    public static Decoded readUpright(Path path, long maxPixels) {
        return decode(path, maxPixels, true);
    }

    private static Decoded decode(Path path, long maxPixels, boolean upright) {
        if (!Files.isRegularFile(path)) throw new UserError(path + ": no such image file");
        try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext())
                throw new UserError(path + ": not an image this reader knows (PNG or JPEG expected)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w * h > maxPixels)
                    throw new UserError(String.format(Locale.ROOT, "%s: %dx%d is %.1f megapixels, over the limit of %.1f "
                            + "(--max-pixels %d would allow it)", path, w, h, w * h / 1e6, maxPixels / 1e6, w * h));
                BufferedImage image = inSrgb(path, reader.read(0));
                int orientation = upright ? orientation(reader) : ExifOrientation.UPRIGHT;
                return new Decoded(ExifOrientation.upright(image, orientation), orientation);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserError u) throw u;
            // ImageIO's decoders answer a corrupt file with IOException or an unchecked exception of their own
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : Excerpts.quote(e.getMessage(), 200);
            throw new UserError(path + ": cannot decode the image (" + why + ")", e);
        }
    }

    /** The EXIF orientation; an unreadable metadata block counts as none (the pixels decoded, which is what matters). */
    private static int orientation(ImageReader reader) {
        try {
            return ExifOrientation.of(reader.getImageMetadata(0));
        } catch (IOException | RuntimeException e) {
            return ExifOrientation.UPRIGHT;
        }
    }

    /**
     * The decoded image as Java2D should see it. ImageIO gives grey PNGs and JPEGs a linear grey colour space, so
     * getRGB and drawImage would brighten them (grey 162 reads as 209) while their samples are the sRGB-encoded values
     * other readers return: those samples are copied into an RGB image as they are (16-bit ones scaled to 8 bits).
     * CMYK (and YCCK) JPEGs are refused: their colours depend on a print profile that is not applied here.
     */
    static BufferedImage inSrgb(Path path, BufferedImage image) {
        int type = image.getColorModel().getColorSpace().getType();
        if (type == ColorSpace.TYPE_CMYK)
            throw new UserError(path + ": a CMYK image, whose colours need a print profile; convert it to RGB first "
                    + "(ImageMagick: convert IN -colorspace sRGB OUT.png)");
        if (type != ColorSpace.TYPE_GRAY) return image;
        int w = image.getWidth(), h = image.getHeight(), max = (1 << image.getColorModel().getComponentSize(0)) - 1;
        Raster grey = image.getRaster();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] samples = new int[w], argb = new int[w];
        for (int y = 0; y < h; y++) {
            grey.getSamples(0, y, w, 1, 0, samples); // band 0: the grey value (band 1, if any, is alpha)
            for (int x = 0; x < w; x++) {
                int v = (int) ((samples[x] * 255L + max / 2) / max);
                argb[x] = 0xff000000 | v << 16 | v << 8 | v;
            }
            rgb.setRGB(0, y, w, 1, argb, 0, w);
        }
        return rgb;
    }

    public static HostTensor toTensor(BufferedImage image) {
        int h = image.getHeight(), w = image.getWidth();
        return toTensor(image.getRGB(0, 0, w, h, null, 0, w), h, w);
    }

    /** Packed 0xRRGGBB pixels, row by row, to 1x3xHxW float RGB in 0..1. */
    public static HostTensor toTensor(int[] argb, int h, int w) {
        int plane = h * w;
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            chw[i] = ((p >> 16) & 0xff) / 255f;
            chw[plane + i] = ((p >> 8) & 0xff) / 255f;
            chw[2 * plane + i] = (p & 0xff) / 255f;
        }
        return HostTensor.of(chw, 1, 3, h, w);
    }

    /** 1x3xHxW float RGB (clipped to [0, 1]) to an 8-bit image. */
    public static BufferedImage toImage(HostTensor rgb) {
        int[] s = rgb.shape();
        if (s.length != 4 || s[0] != 1 || s[1] != 3)
            throw new IllegalArgumentException("expected a 1x3xHxW RGB tensor, got " + rgb.staticShape());
        int h = s[2], w = s[3], plane = h * w;
        float[] v = rgb.floats();
        int[] argb = new int[plane];
        for (int i = 0; i < plane; i++)
            argb[i] = 0xff000000 | (to8(v[i]) << 16) | (to8(v[plane + i]) << 8) | to8(v[2 * plane + i]);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, argb, 0, w);
        return image;
    }

    /**
     * Checks an output path before any work is done for it: a supported extension (.png, .jpg, .jpeg) and a place
     * that can be written. Returns the ImageIO format name.
     */
    public static String checkOutput(Path path) {
        String format = formatOf(path);
        if (format == null)
            throw new UserError(path + ": unknown image extension; write .png, .jpg or .jpeg");
        OutputFile.checkWritable(path);
        return format;
    }

    /** Whether the file name ends in an image extension trt4j reads and writes (.png, .jpg, .jpeg). */
    public static boolean hasImageExtension(Path path) { return formatOf(path) != null; }

    private static String formatOf(Path path) { return FORMATS.get(OutputFile.extension(path)); }

    /** Writes PNG or JPEG as the extension says, through a temporary file (a failed write leaves no partial image). */
    public static void write(BufferedImage image, Path path) {
        String format = checkOutput(path);
        // JPEG has no alpha: ImageIO's JPEG writer refuses (or miscolours) images that carry it
        BufferedImage toWrite = format.equals("jpeg") && image.getType() != BufferedImage.TYPE_INT_RGB ? opaque(image) : image;
        OutputFile.writeVia(path, temporary -> {
            if (!ImageIO.write(toWrite, format, temporary.toFile()))
                throw new UserError(path + ": no " + format.toUpperCase(Locale.ROOT) + " writer in this JVM");
        });
    }

    private static BufferedImage opaque(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static int to8(float v) {
        float c = v < 0f ? 0f : (v > 1f ? 1f : v);  // NaN ends up 0 through the int cast
        return (int) (c * 255f + 0.5f);
    }
}
