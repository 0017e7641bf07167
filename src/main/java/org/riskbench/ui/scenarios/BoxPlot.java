package org.riskbench.ui.scenarios;

import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.riskbench.engine.scenario.ScenarioMetrics;

/**
 * Score distribution per scenario drawn like a box plot on a canvas: whisker min..max, box p05..p95, a line
 * at p50 and a dot at the mean. The y axis has "nice" tick values; scenario ids label the x axis. Redraws
 * when resized. {@link #setYRange} lets two plots share a scale (compare view).
 */
public final class BoxPlot extends Region {
    private static final Color AXIS = Color.web("#57606a");
    private static final Color GRID = Color.web("#d0d7de");
    private static final Color BOX = Color.web("#0969da");
    private static final Color BOX_FILL = Color.web("#0969da", 0.18);
    private static final Color BEST = Color.web("#1a7f37");
    private static final Color BEST_FILL = Color.web("#1a7f37", 0.22);
    private static final Color MEDIAN = Color.web("#cf222e");
    private static final Font FONT = Font.font(11);
    private static final Font TITLE = Font.font(null, javafx.scene.text.FontWeight.BOLD, 12);

    private static final double LEGEND_WIDTH = 330;

    private final Canvas canvas = new Canvas();
    private List<ScenarioMetrics> data = List.of();
    private Integer best;
    private String title = "";
    private double fixedMin = Double.NaN;
    private double fixedMax = Double.NaN;

    public BoxPlot() {
        getChildren().add(canvas);
        getStyleClass().add("box-plot");
        setMinSize(240, 180);
        setPrefSize(600, 300);
        widthProperty().addListener(o -> draw());
        heightProperty().addListener(o -> draw());
    }

    /** Shows {@code scenarios}; {@code bestId} (may be null) is drawn in green. */
    public void setData(String title, List<ScenarioMetrics> scenarios, Integer bestId) {
        this.title = title == null ? "" : title;
        this.data = scenarios == null ? List.of() : List.copyOf(scenarios);
        this.best = bestId;
        draw();
    }

    /** Fixes the y range (NaN, NaN: fit to the data). */
    public void setYRange(double min, double max) {
        this.fixedMin = min;
        this.fixedMax = max;
        draw();
    }

    public List<ScenarioMetrics> data() {
        return data;
    }

    /** min and max over the whiskers of {@code scenarios}. */
    static double[] range(List<ScenarioMetrics> scenarios) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (ScenarioMetrics m : scenarios) {
            if (Double.isFinite(m.minScore())) {
                lo = Math.min(lo, m.minScore());
            }
            if (Double.isFinite(m.maxScore())) {
                hi = Math.max(hi, m.maxScore());
            }
        }
        return new double[] {lo, hi};
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(snapSizeX(getWidth()));
        canvas.setHeight(snapSizeY(getHeight()));
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w < 10 || h < 10) {
            return;
        }
        g.setFont(TITLE);
        g.setFill(Color.web("#24292f"));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(title, 8, 4);
        if (data.isEmpty()) {
            g.setFont(FONT);
            g.setFill(AXIS);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("No scenarios to draw", w / 2, h / 2);
            return;
        }
        double[] r = Double.isNaN(fixedMin) ? range(data) : new double[] {fixedMin, fixedMax};
        double lo = r[0];
        double hi = r[1];
        if (!(hi > lo)) {
            lo -= 1;
            hi += 1;
        }
        double step = niceStep((hi - lo) / 5);
        double axisLo = Math.floor(lo / step) * step;
        double axisHi = Math.ceil(hi / step) * step;

        double left = 64;
        double right = w - 12;
        // the legend goes beside the title when there is room, else on a line of its own
        boolean legendBelowTitle = right - LEGEND_WIDTH < 8 + textWidth(title, TITLE) + 16;
        double top = legendBelowTitle ? 44 : 26;
        double bottom = h - 38;
        double plotW = right - left;
        double plotH = bottom - top;
        if (plotW < 20 || plotH < 20) {
            return;
        }
        // grid and y ticks
        g.setFont(FONT);
        g.setLineWidth(1);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step)));
        for (double v = axisLo; v <= axisHi + step / 2; v += step) {
            double y = y(v, axisLo, axisHi, top, plotH);
            g.setStroke(GRID);
            g.strokeLine(left, snap(y), right, snap(y));
            g.setFill(AXIS);
            g.fillText(String.format(Locale.ROOT, "%." + decimals + "f", v), left - 6, y);
        }
        g.setStroke(AXIS);
        g.strokeLine(snap(left), top, snap(left), bottom);
        g.strokeLine(left, snap(bottom), right, snap(bottom));
        // y axis title, rotated
        g.save();
        g.translate(12, top + plotH / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText("score", 0, 0);
        g.restore();

        List<ScenarioMetrics> shown = sample(data, best, Math.max(1, (int) (plotW / 6)));
        int n = shown.size();
        double slot = plotW / n;
        double boxW = Math.max(2, Math.min(36, slot * 0.6));
        int digits = Integer.toString(shown.get(n - 1).scenarioId()).length();
        int labelEvery = (int) Math.ceil(n / Math.max(1.0, plotW / (digits * 7.0 + 14)));
        int bestIndex = -1;
        for (int i = 0; i < n; i++) {
            if (best != null && shown.get(i).scenarioId() == best) {
                bestIndex = i;
            }
        }
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (int i = 0; i < n; i++) {
            ScenarioMetrics m = shown.get(i);
            double cx = left + slot * (i + 0.5);
            boolean isBest = best != null && best == m.scenarioId();
            Color line = isBest ? BEST : BOX;
            double yMin = y(m.minScore(), axisLo, axisHi, top, plotH);
            double yMax = y(m.maxScore(), axisLo, axisHi, top, plotH);
            double y05 = y(m.scoreP05(), axisLo, axisHi, top, plotH);
            double y95 = y(m.scoreP95(), axisLo, axisHi, top, plotH);
            double y50 = y(m.scoreP50(), axisLo, axisHi, top, plotH);
            g.setStroke(line);
            g.setLineWidth(1);
            g.strokeLine(snap(cx), yMax, snap(cx), y95);
            g.strokeLine(snap(cx), y05, snap(cx), yMin);
            g.strokeLine(cx - boxW / 4, snap(yMax), cx + boxW / 4, snap(yMax));
            g.strokeLine(cx - boxW / 4, snap(yMin), cx + boxW / 4, snap(yMin));
            g.setFill(isBest ? BEST_FILL : BOX_FILL);
            g.fillRect(cx - boxW / 2, y95, boxW, Math.max(1, y05 - y95));
            g.strokeRect(snap(cx - boxW / 2), snap(y95), boxW, Math.max(1, y05 - y95));
            g.setStroke(MEDIAN);
            g.setLineWidth(2);
            g.strokeLine(cx - boxW / 2, y50, cx + boxW / 2, y50);
            if (boxW >= 6) {
                double yMean = y(m.avgScore(), axisLo, axisHi, top, plotH);
                g.setFill(AXIS);
                g.fillOval(cx - 2.5, yMean - 2.5, 5, 5);
            }
            boolean nearBest = bestIndex >= 0 && i != bestIndex && Math.abs(i - bestIndex) < labelEvery;
            if ((i % labelEvery == 0 && !nearBest) || isBest) {
                g.setFill(isBest ? BEST : AXIS);
                g.fillText(Integer.toString(m.scenarioId()), cx, bottom + 4);
            }
        }
        g.setFill(AXIS);
        g.fillText(n < data.size() ? "scenario (" + n + " of " + data.size() + " shown, evenly spaced)" : "scenario",
                left + plotW / 2, bottom + 20);
        legend(g, right, legendBelowTitle ? 22 : 4);
    }

    private static void legend(GraphicsContext g, double right, double top) {
        g.setFont(FONT);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        String[] labels = {"min–max", "p05–p95", "p50", "mean", "best"};
        double x = right - LEGEND_WIDTH;
        double y = top + 6;
        for (String label : labels) {
            switch (label) {
                case "min–max" -> {
                    g.setStroke(BOX);
                    g.setLineWidth(1);
                    g.strokeLine(x + 5, y - 6, x + 5, y + 6);
                }
                case "p05–p95" -> {
                    g.setFill(BOX_FILL);
                    g.fillRect(x, y - 5, 10, 10);
                    g.setStroke(BOX);
                    g.setLineWidth(1);
                    g.strokeRect(x, y - 5, 10, 10);
                }
                case "p50" -> {
                    g.setStroke(MEDIAN);
                    g.setLineWidth(2);
                    g.strokeLine(x, y, x + 10, y);
                }
                case "mean" -> {
                    g.setFill(AXIS);
                    g.fillOval(x + 2.5, y - 2.5, 5, 5);
                }
                default -> {
                    g.setFill(BEST_FILL);
                    g.fillRect(x, y - 5, 10, 10);
                    g.setStroke(BEST);
                    g.setLineWidth(1);
                    g.strokeRect(x, y - 5, 10, 10);
                }
            }
            g.setFill(AXIS);
            g.fillText(label, x + 14, y);
            x += 14 + label.length() * 6.2 + 12;
        }
    }

    /** At most {@code max} scenarios, evenly spaced, always with the best one. */
    static List<ScenarioMetrics> sample(List<ScenarioMetrics> all, Integer bestId, int max) {
        if (all.size() <= max) {
            return all;
        }
        java.util.List<ScenarioMetrics> out = new java.util.ArrayList<>(max + 1);
        boolean bestIn = false;
        for (int k = 0; k < max; k++) {
            ScenarioMetrics m = all.get((int) ((long) k * all.size() / max));
            bestIn |= bestId != null && m.scenarioId() == bestId;
            out.add(m);
        }
        if (!bestIn && bestId != null) {
            all.stream().filter(m -> m.scenarioId() == bestId).findFirst().ifPresent(b -> {
                int at = 0;
                while (at < out.size() && out.get(at).scenarioId() < b.scenarioId()) {
                    at++;
                }
                out.add(at, b);
            });
        }
        return out;
    }

    private static double textWidth(String text, Font font) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(text);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    private static double y(double v, double lo, double hi, double top, double plotH) {
        return top + (hi - v) / (hi - lo) * plotH;
    }

    private static double snap(double v) {
        return Math.floor(v) + 0.5;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }
}
