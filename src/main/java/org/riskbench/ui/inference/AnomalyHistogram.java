package org.riskbench.ui.inference;

import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/** A Canvas histogram of anomaly scores, bars stacked by class, with labelled axes and a marker for the selected row. */
final class AnomalyHistogram extends Region {
    static final int BINS = 20;
    private static final double LEGEND_HEIGHT = 18;
    static final List<Color> CLASS_COLORS = List.of(Color.web("#2da44e"), Color.web("#0969da"), Color.web("#bf8700"), Color.web("#cf222e"));
    private final Canvas canvas = new Canvas();
    private long[][] counts = new long[BINS][4];
    private double lo = 0;
    private double hi = 1;
    private double marker = Double.NaN;
    private List<String> classes = List.of();

    /** Which colour is which class (the stacked bars had no key). */
    private final javafx.scene.layout.HBox legend = new javafx.scene.layout.HBox(10);

    AnomalyHistogram() {
        getStyleClass().add("anomaly-histogram");
        legend.setId("histogramLegend");
        legend.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
        legend.setMouseTransparent(true);
        getChildren().addAll(canvas, legend);
        setMinHeight(140);
        setPrefHeight(160);
    }

    /** Scores and class indexes of the rows shown. */
    void setData(List<String> classNames, double[] scores, int[] classIndex) {
        if (!classNames.equals(classes)) {
            legend.getChildren().clear();
            for (int c = 0; c < classNames.size(); c++) {
                javafx.scene.shape.Rectangle swatch = new javafx.scene.shape.Rectangle(10, 10, CLASS_COLORS.get(c % CLASS_COLORS.size()));
                javafx.scene.control.Label key = new javafx.scene.control.Label(classNames.get(c), swatch);
                key.getStyleClass().add("text-small");
                key.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                legend.getChildren().add(key);
            }
        }
        classes = classNames;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        // the range the scores cover, widened to tenths (isolation-forest scores crowd around 0.4-0.6)
        lo = scores.length == 0 ? 0 : Math.floor(min * 10) / 10;
        hi = scores.length == 0 ? 1 : Math.ceil(max * 10) / 10;
        if (hi - lo < 0.1) {
            hi = lo + 0.1;
        }
        counts = new long[BINS][Math.max(1, classNames.size())];
        for (int i = 0; i < scores.length; i++) {
            counts[bin(scores[i])][classIndex[i]]++;
        }
        draw();
    }

    void setMarker(double score) {
        marker = score;
        draw();
    }

    long total() {
        long n = 0;
        for (long[] b : counts) {
            for (long c : b) {
                n += c;
            }
        }
        return n;
    }

    /** The step of at most five y ticks above zero for a tallest bar of {@code max} rows: 1, 2 or 5 times a power of ten. */
    static long tickStep(long max) {
        return Math.max(1, Math.round(niceStep(max / 5.0)));
    }

    /** The least of 1, 2 or 5 times a power of ten that is at least {@code atLeast} (> 0). */
    static double niceStep(double atLeast) {
        return org.riskbench.ui.shell.Ticks.niceStep(atLeast);
    }

    private int bin(double s) {
        int b = (int) Math.floor((s - lo) / (hi - lo) * BINS);
        return Math.max(0, Math.min(BINS - 1, b));
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        double lw = legend.prefWidth(-1);
        legend.resizeRelocate(Math.max(0, getWidth() - lw - 12), 0, Math.min(lw, getWidth()), LEGEND_HEIGHT);
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w < 60 || h < 60) {
            return;
        }
        long max = 1;
        for (long[] b : counts) {
            long s = 0;
            for (long c : b) {
                s += c;
            }
            max = Math.max(max, s);
        }
        // y ticks at round counts (1, 2 or 5 times a power of ten), the axis topped at the first tick above the tallest bar
        long step = tickStep(max);
        long yMax = (max + step - 1) / step * step;
        Font font = Font.font(11);
        Text measure = new Text(String.format(Locale.ROOT, "%,d", yMax));
        measure.setFont(font);
        // room for the rotated "rows" title, then the widest tick label
        double left = 24 + Math.ceil(measure.getLayoutBounds().getWidth()) + 6;
        double right = 12;
        double top = LEGEND_HEIGHT + 4; // the legend sits above the bars
        double bottom = 38;
        double pw = w - left - right;
        double ph = h - top - bottom;
        g.setFont(font);
        Color axis = Color.web("#57606a");
        // gridlines and y ticks
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (long v = 0; v <= yMax; v += step) {
            double y = top + ph - ph * v / yMax;
            g.setStroke(Color.web("#d0d7de"));
            g.setLineWidth(0.5);
            g.strokeLine(left, y, left + pw, y);
            g.setFill(axis);
            g.fillText(String.format(Locale.ROOT, "%,d", v), left - 6, y);
        }
        // stacked bars
        double bw = pw / BINS;
        for (int b = 0; b < BINS; b++) {
            double y = top + ph;
            for (int c = 0; c < counts[b].length; c++) {
                if (counts[b][c] == 0) {
                    continue;
                }
                double bh = ph * counts[b][c] / yMax;
                g.setFill(CLASS_COLORS.get(c % CLASS_COLORS.size()));
                g.fillRect(left + b * bw + 1, y - bh, bw - 2, bh);
                y -= bh;
            }
        }
        // axes
        g.setStroke(axis);
        g.setLineWidth(1);
        g.strokeLine(left, top + ph, left + pw, top + ph);
        g.strokeLine(left, top, left, top + ph);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setFill(axis);
        // x ticks at round scores too (0.1 or 0.02 apart, say), with as many decimals as the step needs
        double xStep = niceStep((hi - lo) / 5);
        String xFormat = "%." + Math.max(0, (int) -Math.floor(Math.log10(xStep) + 1e-9)) + "f";
        for (long k = (long) Math.ceil(lo / xStep - 1e-9); k * xStep <= hi + 1e-9; k++) {
            double v = k * xStep;
            g.fillText(String.format(Locale.ROOT, xFormat, v), left + pw * (v - lo) / (hi - lo), top + ph + 3);
        }
        g.fillText("anomaly score (isolation forest, higher = more unusual)", left + pw / 2, top + ph + 20);
        g.save();
        g.translate(12, top + ph / 2);
        g.rotate(-90);
        g.setTextBaseline(VPos.CENTER);
        g.fillText("rows", 0, 0);
        g.restore();
        if (!Double.isNaN(marker)) {
            double x = left + pw * (marker - lo) / (hi - lo);
            g.setStroke(Color.web("#24292f"));
            g.setLineWidth(2);
            g.setLineDashes(4, 3);
            g.strokeLine(x, top, x, top + ph);
            g.setLineDashes();
        }
    }
}
