package org.trt4j.networks.yolov3;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntFunction;

/** Draws detections (box, label and score) on a copy of an image with Java2D. */
public final class BoxPainter {
    private BoxPainter() {}

    public static BufferedImage paint(BufferedImage image, List<Detection> detections, IntFunction<String> label) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        float line = Math.max(2f, Math.min(image.getWidth(), image.getHeight()) / 300f);
        g.setStroke(new BasicStroke(line));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(Math.max(12f, line * 6))));
        FontMetrics fm = g.getFontMetrics();
        for (Detection d : detections) {
            Color color = Color.getHSBColor((d.classId() * 0.618034f) % 1f, 0.8f, 0.95f);
            int x = Math.round(d.x1()), y = Math.round(d.y1());
            int w = Math.round(d.x2() - d.x1()), h = Math.round(d.y2() - d.y1());
            g.setColor(color);
            g.drawRect(x, y, w, h);
            String text = label.apply(d.classId()) + String.format(" %.2f", d.score());
            int tw = fm.stringWidth(text) + 4, th = fm.getHeight();
            int ty = y - th >= 0 ? y - th : y;
            g.fillRect(x, ty, tw, th);
            g.setColor(Color.BLACK);
            g.drawString(text, x + 2, ty + fm.getAscent());
        }
        g.dispose();
        return out;
    }
}
