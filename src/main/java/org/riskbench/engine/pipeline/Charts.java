package org.riskbench.engine.pipeline;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.riskbench.core.AtomicFiles;

/** Bar charts as PNG with java.awt in headless mode (no JavaFX below the UI). */
final class Charts {
    private static final int W = 520;
    private static final int H = 320;

    private Charts() {
    }

    static void bars(Path file, String title, List<String> labels, double[] values) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(title, 12, 20);
            int left = 50;
            int right = W - 12;
            int top = 34;
            int bottom = H - 40;
            double max = 0;
            for (double v : values) {
                max = Math.max(max, v);
            }
            g.setStroke(new BasicStroke(1f));
            g.drawLine(left, bottom, right, bottom);
            g.drawLine(left, top, left, bottom);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            g.drawString(Table.format(max), 4, top + 8);
            g.drawString("0", 36, bottom);
            int n = values.length;
            double bw = n == 0 ? 0 : (right - left - 2.0) / n;
            g.setColor(new Color(0x3B82F6));
            for (int i = 0; i < n; i++) {
                int h = max <= 0 ? 0 : (int) Math.round((bottom - top) * values[i] / max);
                g.fillRect(left + 1 + (int) (i * bw), bottom - h, Math.max(1, (int) bw - 1), h);
            }
            g.setColor(Color.DARK_GRAY);
            if (n > 0) {
                g.drawString(clip(labels.get(0)), left, bottom + 14);
                String last = clip(labels.get(labels.size() - 1));
                g.drawString(last, right - g.getFontMetrics().stringWidth(last), bottom + 28);
            }
        } finally {
            g.dispose();
        }
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer");
            }
        });
    }

    private static String clip(String s) {
        return s.length() > 30 ? s.substring(0, 29) + "…" : s;
    }
}
