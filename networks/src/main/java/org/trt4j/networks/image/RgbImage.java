package org.trt4j.networks.image;

import org.trt4j.error.UserError;
import org.trt4j.runtime.tensor.HostTensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Images as the networks see them: NCHW float32, RGB channel order, values in [0, 1] (8-bit value / 255), batch 1.
 * Reading accepts whatever ImageIO decodes (PNG, JPEG, BMP, GIF); grey and palette images become RGB, alpha is
 * dropped. Writing clips to [0, 1] and rounds to 8 bits, PNG.
 */
public final class RgbImage {
    private RgbImage() {}

    public static HostTensor read(Path path) {
        return toTensor(readImage(path));
    }

    /** The decoded image, or one clear error naming the file. */
    public static BufferedImage readImage(Path path) {
        if (!Files.isRegularFile(path)) throw new UserError(path + ": no such image file");
        BufferedImage image;
        try {
            image = ImageIO.read(path.toFile());
        } catch (IOException e) {
            throw new UserError(path + ": cannot read the image (" + e.getMessage() + ")", e);
        }
        if (image == null) throw new UserError(path + ": not an image this reader knows (PNG or JPEG expected)");
        return image;
    }

    public static HostTensor toTensor(BufferedImage image) {
        int h = image.getHeight(), w = image.getWidth(), plane = h * w;
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
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

    public static void writePng(BufferedImage image, Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(image, "png", path.toFile())) throw new UserError(path + ": no PNG writer available");
        } catch (IOException e) {
            throw new UserError(path + ": cannot write the PNG (" + e.getMessage() + ")", e);
        }
    }

    private static int to8(float v) {
        float c = v < 0f ? 0f : (v > 1f ? 1f : v);  // NaN ends up 0 through the int cast
        return (int) (c * 255f + 0.5f);
    }
}
