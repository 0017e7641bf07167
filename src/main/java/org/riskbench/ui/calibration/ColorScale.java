package org.riskbench.ui.calibration;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** A perceptual colour scale (viridis, sampled at 5 stops and interpolated) from a low to a high score. */
final class ColorScale {
    private static final Color[] STOPS = {Color.web("#440154"), Color.web("#3b528b"), Color.web("#21918c"),
            Color.web("#5ec962"), Color.web("#fde725")};
    static final Color INFEASIBLE = Color.web("#d0d7de");

    final double min;
    final double max;

    ColorScale(double min, double max) {
        this.min = min;
        this.max = max;
    }

    Color color(double v) {
        if (Double.isNaN(v)) {
            return INFEASIBLE;
        }
        double t = max > min ? (v - min) / (max - min) : 1;
        t = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) t);
        return STOPS[i].interpolate(STOPS[i + 1], t - i);
    }

    /** A vertical legend bar at (x, y) of the given size, labelled with min, max and a title. */
    void legend(GraphicsContext g, double x, double y, double w, double h, String title) {
        for (int i = 0; i < (int) h; i++) {
            g.setFill(color(max - (max - min) * i / Math.max(1, h - 1)));
            g.fillRect(x, y + i, w, 1);
        }
        g.setStroke(CanvasPane.GRID);
        g.strokeRect(x + 0.5, y + 0.5, w, h);
        g.setFill(CanvasPane.TEXT);
        g.fillText(CanvasPane.shortNum(max), x + w + 4, y + 9);
        g.fillText(CanvasPane.shortNum(min), x + w + 4, y + h);
        g.fillText(title, x - 2, y - 6);
    }
}
