package org.riskbench.ui.acceptance;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.axes.AxisMode;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.CrosshairIndicator;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The linked time charts of a replay (ChartFX, which reduces 50k points per pixel column): y with its
 * conformal band (lower and upper bounds) and misses; the state strip (PASS/DERISK/BLOCK as filled 0/1 areas); alpha and
 * coverage EMA; surprisal p95 and risk scale. The x axes are linked: zooming or panning one moves all.
 * The y axes have one fixed width so the plot areas line up.
 */
final class ReplayCharts extends VBox {
    static final String PASS_COLOR = "#2da44e";
    static final String DERISK_COLOR = "#d4a72c";
    static final String BLOCK_COLOR = "#cf222e";
    // room for a tick label like "-1,234.5" and the rotated axis name beside it (at 56 px they ran into the axis)
    private static final double Y_AXIS_WIDTH = 78;

    private final DoubleDataSet lower = new DoubleDataSet("lower");
    private final DoubleDataSet upper = new DoubleDataSet("upper");
    private final DoubleDataSet y = new DoubleDataSet("y");
    private final DoubleDataSet misses = new DoubleDataSet("misses");
    private final DoubleDataSet pass = new DoubleDataSet("PASS");
    private final DoubleDataSet derisk = new DoubleDataSet("DERISK");
    private final DoubleDataSet block = new DoubleDataSet("BLOCK");
    private final DoubleDataSet alpha = new DoubleDataSet("alpha");
    private final DoubleDataSet coverage = new DoubleDataSet("coverage EMA");
    private final DoubleDataSet surprisal = new DoubleDataSet("surprisal p95");
    private final DoubleDataSet risk = new DoubleDataSet("risk scale");
    private final List<XYChart> charts;
    private static final javafx.util.StringConverter<Number> STEP_LABELS = new javafx.util.StringConverter<>() {
        @Override
        public String toString(Number n) {
            double v = n.doubleValue();
            return v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%,d", (long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
        }

        @Override
        public Number fromString(String s) {
            return Double.valueOf(s.replace(",", ""));
        }
    };
    /** The crosshair's readout: the step under the pointer as an integer, values to four significant digits. */
    private static final javafx.util.StringConverter<Number> CROSSHAIR_STEP = new javafx.util.StringConverter<>() {
        @Override
        public String toString(Number n) {
            return "t " + String.format(java.util.Locale.ROOT, "%,d", Math.round(n.doubleValue()));
        }

        @Override
        public Number fromString(String s) {
            return Double.valueOf(s.replace("t ", "").replace(",", ""));
        }
    };
    private static final javafx.util.StringConverter<Number> CROSSHAIR_VALUE = new javafx.util.StringConverter<>() {
        @Override
        public String toString(Number n) {
            return String.format(java.util.Locale.ROOT, "%.4g", n.doubleValue());
        }

        @Override
        public Number fromString(String s) {
            return Double.valueOf(s);
        }
    };
    private boolean syncing;
    /** The first and last step of the series shown: the step axes never leave them. */
    private double dataMin;
    private double dataMax;

    ReplayCharts() {
        setSpacing(0);
        getStyleClass().add("replay-charts");
        XYChart main = chart("y");
        ErrorDataSetRenderer bandRenderer = renderer(LineStyle.NORMAL, false);
        bandRenderer.setAllowNaNs(true); // infinite bounds of the first steps are NaN gaps
        lower.setStyle("-fx-line-color: #54aeff; -fx-line-width: 1;");
        upper.setStyle("-fx-line-color: #54aeff; -fx-line-width: 1;");
        bandRenderer.getDatasets().addAll(lower, upper);
        ErrorDataSetRenderer lineRenderer = renderer(LineStyle.NORMAL, false);
        y.setStyle("-fx-line-color: #24292f; -fx-line-width: 1;");
        lineRenderer.getDatasets().add(y);
        ErrorDataSetRenderer missRenderer = renderer(LineStyle.NONE, true);
        missRenderer.setPointReduction(false);
        misses.setStyle(missStyle(3));
        missRenderer.getDatasets().add(misses);
        main.getRenderers().setAll(bandRenderer, lineRenderer, missRenderer);

        XYChart strip = chart("state");
        strip.getYAxis().setAutoRanging(false);
        strip.getYAxis().set(0, 1);
        ((DefaultNumericAxis) strip.getYAxis()).setTickUnit(1);
        strip.getStyleClass().add("state-strip");
        ErrorDataSetRenderer stripRenderer = renderer(LineStyle.HISTOGRAM_FILLED, false);
        stripRenderer.setPointReduction(false);
        pass.setStyle("-fx-line-color: " + PASS_COLOR + "; -fx-fill: " + PASS_COLOR + ";");
        derisk.setStyle("-fx-line-color: " + DERISK_COLOR + "; -fx-fill: " + DERISK_COLOR + ";");
        block.setStyle("-fx-line-color: " + BLOCK_COLOR + "; -fx-fill: " + BLOCK_COLOR + ";");
        stripRenderer.getDatasets().addAll(pass, derisk, block);
        strip.getRenderers().setAll(stripRenderer);

        XYChart rates = chart("alpha / cov.");
        ErrorDataSetRenderer rateRenderer = renderer(LineStyle.NORMAL, false);
        alpha.setStyle("-fx-line-color: #8250df;");
        coverage.setStyle("-fx-line-color: #0969da;");
        rateRenderer.getDatasets().addAll(alpha, coverage);
        rates.getRenderers().setAll(rateRenderer);

        XYChart signals = chart("surpr. / risk");
        ErrorDataSetRenderer signalRenderer = renderer(LineStyle.NORMAL, false);
        surprisal.setStyle("-fx-line-color: #bc4c00;");
        risk.setStyle("-fx-line-color: #1a7f37;");
        signalRenderer.getDatasets().addAll(surprisal, risk);
        signals.getRenderers().setAll(signalRenderer);
        signals.getXAxis().setName("step t");
        for (XYChart upperPanel : List.of(main, strip, rates)) {
            upperPanel.getStyleClass().add("no-x-labels");
        }

        // The main panel takes the height left over; the others keep theirs (VBox shrinks ALWAYS-grow nodes first).
        main.setStyle("-fx-min-height: 136; -fx-pref-height: 300;"); // 136: room for the state key under the strip
        main.setMinHeight(136);
        main.setPrefHeight(300);
        VBox.setVgrow(main, Priority.ALWAYS);
        fixedHeight(strip, 64);
        fixedHeight(rates, 125);
        fixedHeight(signals, 150);
        strip.setLegendVisible(false);
        charts = List.of(main, strip, rates, signals);
        getChildren().setAll(main, strip, stateLegend(), rates, signals);
        for (XYChart c : charts) {
            link(c.getXAxis());
        }
    }

    /** The state strip's key: its three colours had no names. */
    private static javafx.scene.layout.HBox stateLegend() {
        javafx.scene.layout.HBox legend = new javafx.scene.layout.HBox(14);
        legend.setId("stateLegend");
        legend.setPadding(new javafx.geometry.Insets(0, 0, 2, Y_AXIS_WIDTH + 6));
        for (String[] state : new String[][] {{"PASS", PASS_COLOR}, {"DERISK", DERISK_COLOR}, {"BLOCK", BLOCK_COLOR}}) {
            javafx.scene.control.Label key = new javafx.scene.control.Label(state[0],
                    new javafx.scene.shape.Rectangle(10, 10, javafx.scene.paint.Color.web(state[1])));
            key.getStyleClass().add("text-small");
            legend.getChildren().add(key);
        }
        return legend;
    }

    private static XYChart chart(String yName) {
        DefaultNumericAxis x = new DefaultNumericAxis("");
        x.setUnit(null);
        x.setSide(Side.BOTTOM);
        x.setAutoRangeRounding(false);
        x.setTickLabelFormatter(STEP_LABELS); // steps are integers: "25,000", not ChartFX's "2.50E4"
        DefaultNumericAxis yAxis = new DefaultNumericAxis(yName);
        yAxis.setUnit(null);
        yAxis.setSide(Side.LEFT);
        yAxis.setAutoRangePadding(0.05);
        yAxis.setMinWidth(Y_AXIS_WIDTH);
        yAxis.setPrefWidth(Y_AXIS_WIDTH);
        yAxis.setMaxWidth(Y_AXIS_WIDTH);
        XYChart chart = new XYChart(x, yAxis);
        chart.setAnimated(false);
        chart.getStyleClass().add("replay-chart");
        Zoomer zoomer = new Zoomer(AxisMode.X);
        zoomer.setSliderVisible(false);
        zoomer.setAnimated(false);
        zoomer.setPannerEnabled(true);
        CrosshairIndicator crosshair = new CrosshairIndicator();
        crosshair.setXValueFormatter(CROSSHAIR_STEP); // "995.4, 103.65844633318133" read as noise
        crosshair.setYValueFormatter(CROSSHAIR_VALUE);
        chart.getPlugins().addAll(zoomer, crosshair);
        chart.setMinHeight(80);
        return chart;
    }

    /** Miss dots; the line colour (no line is drawn) is what the legend's symbol shows, so it is the dots' colour too. */
    private static String missStyle(double markerSize) {
        return "-fx-line-color: " + BLOCK_COLOR + "; -fx-marker-color: " + BLOCK_COLOR + "; -fx-marker-size: " + markerSize
                + "; -fx-marker-type: circle;";
    }

    private static void fixedHeight(XYChart chart, double height) {
        // Inline style, because ChartFX's author stylesheet would override plain setters.
        chart.setStyle("-fx-min-height: " + height + "; -fx-pref-height: " + height + "; -fx-max-height: " + height + ";");
        chart.setMinHeight(height);
        chart.setPrefHeight(height);
        chart.setMaxHeight(height);
        VBox.setVgrow(chart, Priority.NEVER);
    }

    private static ErrorDataSetRenderer renderer(LineStyle style, boolean markers) {
        ErrorDataSetRenderer r = new ErrorDataSetRenderer();
        r.setPolyLineStyle(style);
        r.setDrawMarker(markers);
        r.setErrorStyle(ErrorStyle.NONE);
        return r;
    }

    /** Any x-range change of one chart (zoom, pan, reset) is copied to the others. */
    private void link(Axis source) {
        Runnable copy = () -> {
            if (syncing) {
                return;
            }
            syncing = true;
            try {
                // zoom and pan stay on the series: a window wider than it shows all of it, one past an end slides back
                double min = source.getMin();
                double max = source.getMax();
                if (dataMax > dataMin && Double.isFinite(min) && Double.isFinite(max)) {
                    double width = Math.min(max - min, dataMax - dataMin);
                    min = Math.max(dataMin, Math.min(min, dataMax - width));
                    max = min + width;
                }
                for (XYChart c : charts) {
                    Axis axis = c.getXAxis();
                    if (axis.getMin() != min || axis.getMax() != max) {
                        axis.setAutoRanging(false);
                        axis.set(min, max);
                    }
                }
            } finally {
                syncing = false;
            }
        };
        source.minProperty().addListener((o, a, b) -> copy.run());
        source.maxProperty().addListener((o, a, b) -> copy.run());
    }

    /** Shows a replay's columns (FX thread; the arrays are used as they are, not copied). */
    void show(ChartData d) {
        dataMin = d.x().length == 0 ? 0 : d.x()[0];
        dataMax = d.x().length == 0 ? 0 : d.x()[d.x().length - 1];
        lower.set(d.x(), d.lower(), false);
        upper.set(d.x(), d.upper(), false);
        y.set(d.x(), d.y(), false);
        misses.set(d.missX(), d.missY(), false);
        // Dots that fit a few hundred misses bury the series under thousands: shrink them with the count.
        double markerSize = d.missX().length > 2000 ? 1.2 : d.missX().length > 500 ? 2 : 3;
        misses.setStyle(missStyle(markerSize));
        pass.set(d.x(), d.pass(), false);
        derisk.set(d.x(), d.derisk(), false);
        block.set(d.x(), d.block(), false);
        alpha.set(d.x(), d.alpha(), false);
        coverage.set(d.x(), d.coverageEma(), false);
        surprisal.set(d.x(), d.surprisalP95(), false);
        risk.set(d.x(), d.riskScale(), false);
        double lo = d.size() == 0 ? 0 : d.x()[0];
        double hi = d.size() == 0 ? 1 : d.x()[d.size() - 1];
        syncing = true;
        try {
            for (XYChart c : charts) {
                c.getXAxis().setAutoRanging(false);
                c.getXAxis().set(lo, Math.max(hi, lo + 1));
                for (var p : c.getPlugins()) {
                    if (p instanceof Zoomer z) {
                        z.zoomStackDeque().clear();
                    }
                }
            }
        } finally {
            syncing = false;
        }
        for (XYChart c : charts) {
            c.getXAxis().forceRedraw();
        }
    }

    /** The x range of every panel (min, max), for tests of the linking. */
    List<double[]> xRanges() {
        return charts.stream().map(c -> new double[] {c.getXAxis().getMin(), c.getXAxis().getMax()}).toList();
    }

    /** Moves the x range of one panel as a zoom would (for tests and keyboard zoom). */
    void zoomPanel(int panel, double min, double max) {
        Axis x = charts.get(panel).getXAxis();
        x.setAutoRanging(false);
        x.set(min, max);
    }

    DoubleDataSet yDataSet() {
        return y;
    }

    DoubleDataSet stateDataSet(String state) {
        return switch (state) {
            case "PASS" -> pass;
            case "DERISK" -> derisk;
            default -> block;
        };
    }

    DoubleDataSet missDataSet() {
        return misses;
    }
}
