package org.trt4j.networks.image;

import org.w3c.dom.Node;

import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import java.awt.image.BufferedImage;

/**
 * The EXIF orientation of a JPEG (tag 0x0112: how the stored pixels must be turned to show the photo upright, 1-8)
 * and the turn itself. Phones store portrait photos sideways with orientation 6 or 8; viewers, and OpenCV's imread,
 * turn them, so a user expects the upscaled, detected or segmented picture upright as well.
 */
public final class ExifOrientation {
    private ExifOrientation() {}

    public static final int UPRIGHT = 1;
    private static final int ORIENTATION_TAG = 0x0112, SHORT = 3, APP1 = 0xE1;

    /** The orientation in a JPEG's APP1 Exif segment of the reader's metadata; UPRIGHT when there is none. */
    static int of(IIOMetadata metadata) {
        if (metadata == null || !java.util.Arrays.asList(metadata.getMetadataFormatNames()).contains("javax_imageio_jpeg_image_1.0"))
            return UPRIGHT;
        return find(metadata.getAsTree("javax_imageio_jpeg_image_1.0"));
    }

    private static int find(Node node) {
        if (node instanceof IIOMetadataNode n && "unknown".equals(n.getNodeName())
                && String.valueOf(APP1).equals(n.getAttribute("MarkerTag")) && n.getUserObject() instanceof byte[] data) {
            int o = fromApp1(data);
            if (o != UPRIGHT) return o;
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            int o = find(c);
            if (o != UPRIGHT) return o;
        }
        return UPRIGHT;
    }

    /** The orientation in an APP1 payload ("Exif\0\0" + TIFF header + IFD0); UPRIGHT if absent or malformed. */
    static int fromApp1(byte[] d) {
        if (d.length < 14 || d[0] != 'E' || d[1] != 'x' || d[2] != 'i' || d[3] != 'f' || d[4] != 0 || d[5] != 0) return UPRIGHT;
        int tiff = 6;
        boolean little;
        if (d[tiff] == 'I' && d[tiff + 1] == 'I') little = true;
        else if (d[tiff] == 'M' && d[tiff + 1] == 'M') little = false;
        else return UPRIGHT;
        long ifd = tiff + u32(d, tiff + 4, little);
        if (ifd + 2 > d.length) return UPRIGHT;
        int entries = u16(d, (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int e = (int) ifd + 2 + 12 * i;
            if (e + 12 > d.length) break;
            if (u16(d, e, little) == ORIENTATION_TAG && u16(d, e + 2, little) == SHORT) {
                int v = u16(d, e + 8, little);
                return v >= 1 && v <= 8 ? v : UPRIGHT;
            }
        }
        return UPRIGHT;
    }

    /** The image turned upright: 2 mirrors, 3 turns 180°, 4 flips, 5 transposes, 6 turns 90° clockwise, 7 transverses, 8 turns 90° counter-clockwise. */
    public static BufferedImage upright(BufferedImage stored, int orientation) {
        if (orientation < 2 || orientation > 8) return stored;
        int w = stored.getWidth(), h = stored.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w, oh = swap ? w : h;
        int[] in = stored.getRGB(0, 0, w, h, null, 0, w), out = new int[ow * oh];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++) {
                int sx, sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                out[y * ow + x] = in[sy * w + sx];
            }
        BufferedImage turned = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        turned.setRGB(0, 0, ow, oh, out, 0, ow);
        return turned;
    }

    private static int u16(byte[] d, int at, boolean little) {
        int a = d[at] & 0xff, b = d[at + 1] & 0xff;
        return little ? a | b << 8 : a << 8 | b;
    }

    private static long u32(byte[] d, int at, boolean little) {
        long a = u16(d, at, little), b = u16(d, at + 2, little);
        return little ? a | b << 16 : a << 16 | b;
    }
}
