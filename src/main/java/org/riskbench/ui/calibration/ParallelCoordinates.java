package org.riskbench.ui.calibration;

import java.util.List;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.riskbench.app.CalibrationRunView;

/**
 * Parallel coordinates: one vertical axis per grid parameter (its values evenly spaced, in grid order) and
 * one for the score; a line per point coloured by score, infeasible points in grey behind the others.
 */
final class ParallelCoordinates extends CanvasPane {
    private CalibrationRunView run;
    private int selectedPoint = -1;

    ParallelCoordinates() {
        setId("parallelCoordinates");
    }

    void show(CalibrationRunView run, int selectedPoint) {
        this.run = run;
        this.selectedPoint = selectedPoint;
        redraw();
    }

    /** The path without its section (e.g. {@code dwell_pass}, {@code latency_p95.soft}) so axis titles fit. */
    static String shortName(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    static boolean anyInfeasible(CalibrationRunView run) {
        return run.points().stream().anyMatch(p -> !p.feasible());
    }

    /** A value label on a plate of the background colour: the lines ran over the labels and made them unreadable. */
    private static void label(GraphicsContext g, String text, double x, double baseline) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(text);
        t.setFont(g.getFont());
        javafx.geometry.Bounds b = t.getLayoutBounds();
        javafx.scene.paint.Paint fill = g.getFill();
        g.setFill(javafx.scene.paint.Color.rgb(255, 255, 255, 0.88));
        g.fillRoundRect(x - 2, baseline + b.getMinY() - 1, b.getWidth() + 4, b.getHeight() + 2, 4, 4);
        g.setFill(fill);
        g.fillText(text, x, baseline);
    }

    @Override
    void draw(GraphicsContext g, double w, double h) {
        if (run == null || run.points().isEmpty()) {
            empty(g, w, h, "No calibration loaded");
            return;
        }
        List<String> paths = run.gridPaths();
        int axes = paths.size() + 1;
        double left = 40;
        double right = 60;
        double bottom = 22;
        double step = (w - left - right) / Math.max(1, axes - 1);
        // titles wider than the space between axes go on two alternating rows, so neighbours do not run together
        double widest = 0;
        for (int a = 0; a < axes; a++) {
            javafx.scene.text.Text t = new javafx.scene.text.Text(a < paths.size() ? shortName(paths.get(a)) : "score");
            t.setFont(SMALL);
            widest = Math.max(widest, t.getLayoutBounds().getWidth());
        }
        boolean twoRows = axes > 2 && widest > step - 8;
        double top = twoRows ? 44 : 30;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (CalibrationRunView.Point p : run.points()) {
            if (p.feasible() && Double.isFinite(p.score())) {
                min = Math.min(min, p.score());
                max = Math.max(max, p.score());
            }
        }
        ColorScale scale = new ColorScale(min, max);
        double ph = h - top - bottom;
        double[] xs = new double[axes];
        double[] ys = new double[axes];
        for (int pass = 0; pass < 3; pass++) {
            for (CalibrationRunView.Point p : run.points()) {
                boolean selected = p.point() == selectedPoint;
                if ((pass == 0) != !p.feasible() || (pass == 2) != selected) {
                    continue;
                }
                for (int a = 0; a < axes; a++) {
                    xs[a] = left + a * step;
                    double t;
                    if (a < paths.size()) {
                        List<String> values = run.gridValues().get(a);
                        t = values.size() == 1 ? 0.5 : (double) values.indexOf(p.params().get(a)) / (values.size() - 1);
                    } else {
                        t = !p.feasible() ? 0 : max > min ? (p.score() - min) / (max - min) : 0.5;
                    }
                    ys[a] = top + ph * (1 - t);
                }
                g.setStroke(selected ? Color.web("#cf222e") : p.feasible() ? scale.color(p.score()) : ColorScale.INFEASIBLE);
                g.setGlobalAlpha(selected ? 1 : p.feasible() ? 0.75 : 0.6);
                g.setLineWidth(selected ? 2.5 : 1.2);
                g.strokePolyline(xs, ys, axes);
            }
        }
        g.setGlobalAlpha(1);
        g.setLineWidth(1);
        for (int a = 0; a < axes; a++) {
            double x = left + a * step;
            g.setStroke(AXIS);
            g.strokeLine(x, top, x, top + ph);
            g.setFill(TEXT);
            g.setTextAlign(a == 0 ? TextAlignment.LEFT : a == axes - 1 ? TextAlignment.RIGHT : TextAlignment.CENTER);
            String name = a < paths.size() ? shortName(paths.get(a)) : "score";
            g.fillText(name, x + (a == 0 ? -left + 4 : a == axes - 1 ? right - 4 : 0), top - 16 - (twoRows && a % 2 == 1 ? 14 : 0));
            g.setTextAlign(TextAlignment.LEFT);
            g.setFill(MUTED);
            if (a < paths.size()) {
                List<String> values = run.gridValues().get(a);
                for (int i = 0; i < values.size(); i++) {
                    double t = values.size() == 1 ? 0.5 : (double) i / (values.size() - 1);
                    label(g, values.get(i), x + 4, top + ph * (1 - t) + 4);
                }
            } else if (min <= max) {
                label(g, shortNum(max), x + 4, top + 4);
                label(g, shortNum(min), x + 4, top + ph - 10);
                if (anyInfeasible(run)) { // the bottom of the score axis is where infeasible points go: said only when some do
                    label(g, "infeasible", x + 4, top + ph + 12);
                }
            }
        }
    }
}
