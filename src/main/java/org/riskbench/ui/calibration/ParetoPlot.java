package org.riskbench.ui.calibration;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.riskbench.app.CalibrationRunView;

/**
 * The Pareto front scatter: pass_share (up is better) against coverage_abs_err (left is better); feasible
 * points in grey, the Pareto points of {@code pareto.json} highlighted, infeasible points as small crosses.
 */
final class ParetoPlot extends CanvasPane {
    static final String X = "coverage_abs_err";
    static final String Y = "pass_share";
    private static final Color FRONT = Color.web("#0969da");
    private CalibrationRunView run;
    private int selectedPoint = -1;

    ParetoPlot() {
        setId("paretoPlot");
    }

    void show(CalibrationRunView run, int selectedPoint) {
        this.run = run;
        this.selectedPoint = selectedPoint;
        redraw();
    }

    private static double clamp(double t) {
        return Double.isFinite(t) ? Math.max(0, Math.min(1, t)) : t;
    }

    /**
     * The axis range for values from {@code min} to {@code max}: 8 % beyond each side, and at least a readable width
     * around a single value (5 % of it, or 0.01 near zero), so that ticks read as different numbers.
     */
    static double[] readableRange(double min, double max) {
        double span = max - min;
        double least = Math.max(Math.abs(max), Math.abs(min)) * 0.05;
        if (least < 0.01) {
            least = 0.01;
        }
        double lo;
        double hi;
        if (span < least * 1e-6) {
            double mid = (min + max) / 2;
            lo = mid - least / 2;
            hi = mid + least / 2;
        } else {
            lo = min - span * 0.08;
            hi = max + span * 0.08;
        }
        if (min >= 0 && lo < 0) {
            hi -= lo; // errors and shares are never negative: no axis below zero
            lo = 0;
        }
        // ends on round numbers, so the five ticks read as such (0, 0.0025, ... not -0.0019, 0.0006, ...)
        double step = org.riskbench.ui.shell.Ticks.niceStep((hi - lo) / 4);
        return new double[] {Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step};
    }

    /** A tick label with enough decimals to tell ticks a quarter of {@code span} apart. */
    static String tick(double v, double span) {
        int decimals = (int) Math.max(0, Math.min(8, Math.ceil(-Math.log10(span / 4)) + 1));
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }

    @Override
    void draw(GraphicsContext g, double w, double h) {
        if (run == null || run.points().isEmpty()) {
            empty(g, w, h, "No calibration loaded");
            return;
        }
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        // the range of the feasible points (the ones to choose from): an infeasible point far off squeezed them all into
        // one column; those outside are drawn at the border
        boolean anyFeasible = run.points().stream().anyMatch(p -> p.feasible()
                && Double.isFinite(run.metric(p, X)) && Double.isFinite(run.metric(p, Y)));
        for (CalibrationRunView.Point p : run.points()) {
            double x = run.metric(p, X);
            double y = run.metric(p, Y);
            if (Double.isFinite(x) && Double.isFinite(y) && (p.feasible() || !anyFeasible)) {
                xMin = Math.min(xMin, x);
                xMax = Math.max(xMax, x);
                yMin = Math.min(yMin, y);
                yMax = Math.max(yMax, y);
            }
        }
        if (xMin > xMax) {
            empty(g, w, h, "No finite " + X + " / " + Y);
            return;
        }
        double[] xr = readableRange(xMin, xMax);
        double[] yr = readableRange(yMin, yMax);
        double x0 = xr[0];
        double x1 = xr[1];
        double y0 = yr[0];
        double y1 = yr[1];
        double left = 62;
        double bottom = 40;
        double top = 12;
        double right = 26;
        double pw = w - left - right;
        double ph = h - top - bottom;
        g.setStroke(GRID);
        g.setFill(MUTED);
        for (int i = 0; i <= 4; i++) {
            double gx = left + pw * i / 4;
            double gy = top + ph * i / 4;
            g.strokeLine(gx, top, gx, top + ph);
            g.strokeLine(left, gy, left + pw, gy);
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(tick(x0 + (x1 - x0) * i / 4, x1 - x0), gx, top + ph + 14);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(tick(y1 - (y1 - y0) * i / 4, y1 - y0), left - 5, gy + 4);
        }
        g.setStroke(AXIS);
        g.strokeRect(left, top, pw, ph);
        for (int pass = 0; pass < 3; pass++) {
            for (CalibrationRunView.Point p : run.points()) {
                boolean front = run.onPareto(p.point());
                int want = !p.feasible() ? 0 : front ? 2 : 1;
                if (want != pass) {
                    continue;
                }
                double px = left + pw * clamp((run.metric(p, X) - x0) / (x1 - x0));
                double py = top + ph * (1 - clamp((run.metric(p, Y) - y0) / (y1 - y0)));
                if (!Double.isFinite(px) || !Double.isFinite(py)) {
                    continue;
                }
                if (pass == 0) {
                    g.setStroke(ColorScale.INFEASIBLE);
                    g.strokeLine(px - 3, py - 3, px + 3, py + 3);
                    g.strokeLine(px - 3, py + 3, px + 3, py - 3);
                } else {
                    double r = front ? 5 : 3.5;
                    g.setFill(front ? FRONT : MUTED);
                    g.fillOval(px - r, py - r, 2 * r, 2 * r);
                }
                spot(p.point(), px, py, 8, 8);
                if (p.point() == selectedPoint) {
                    g.setStroke(Color.web("#cf222e"));
                    g.setLineWidth(2);
                    g.strokeOval(px - 8, py - 8, 16, 16);
                    g.setLineWidth(1);
                }
            }
        }
        g.setFill(TEXT);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(X + " (lower is better)", left + pw / 2, h - 6);
        g.save();
        g.translate(12, top + ph / 2);
        g.rotate(-90);
        g.fillText(Y + " (higher is better)", 0, 0);
        g.restore();
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(FRONT);
        g.fillOval(left + 8, top + 6, 8, 8);
        g.setFill(TEXT);
        g.fillText("Pareto front (" + run.pareto().size() + ")", left + 20, top + 14);
    }
}
