package org.riskbench.ui.calibration;

import org.riskbench.engine.calibration.ScoreHeatMap;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/** The score heat map over two grid parameters (cells from {@link ScoreHeatMap}), with labelled axes and a legend. */
final class HeatMap extends CanvasPane {
    private ScoreHeatMap data;
    private int selectedPoint = -1;

    HeatMap() {
        setId("heatMap");
    }

    void show(ScoreHeatMap data, int selectedPoint) {
        this.data = data;
        this.selectedPoint = selectedPoint;
        redraw();
    }

    ScoreHeatMap data() {
        return data;
    }

    @Override
    void draw(GraphicsContext g, double w, double h) {
        if (data == null) {
            empty(g, w, h, "No calibration loaded");
            return;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : data.score()) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        ColorScale scale = new ColorScale(min, max);
        double left = 70;
        double bottom = 42;
        double top = 14;
        double right = 86;
        double pw = w - left - right;
        double ph = h - top - bottom;
        int nx = data.xValues().size();
        int ny = data.yValues().size();
        double cw = pw / nx;
        double ch = ph / ny;
        g.setTextAlign(TextAlignment.CENTER);
        for (int yi = 0; yi < ny; yi++) {
            for (int xi = 0; xi < nx; xi++) {
                double x = left + xi * cw;
                double y = top + (ny - 1 - yi) * ch;
                double v = data.score()[yi][xi];
                g.setFill(data.count()[yi][xi] == 0 ? Color.WHITE : scale.color(v));
                g.fillRect(x + 1, y + 1, cw - 2, ch - 2);
                if (data.bestPoint()[yi][xi] >= 0) {
                    spot(data.bestPoint()[yi][xi], x + cw / 2, y + ch / 2, cw / 2, ch / 2);
                }
                if (data.bestPoint()[yi][xi] == selectedPoint && selectedPoint >= 0) {
                    g.setStroke(Color.web("#cf222e"));
                    g.setLineWidth(2.5);
                    g.strokeRect(x + 2, y + 2, cw - 4, ch - 4);
                    g.setLineWidth(1);
                }
                if (cw > 44 && ch > 16) {
                    Color fill = scale.color(v);
                    g.setFill(Double.isNaN(v) || fill.getBrightness() > 0.7 ? TEXT : Color.WHITE);
                    g.fillText(Double.isNaN(v) ? (data.count()[yi][xi] == 0 ? "" : "infeasible") : shortNum(v), x + cw / 2, y + ch / 2 + 4);
                }
            }
        }
        g.setFill(TEXT);
        // every k-th x label when the cells are narrower than the labels, so many values do not run together
        double widest = 0;
        for (String v : data.xValues()) {
            javafx.scene.text.Text t = new javafx.scene.text.Text(v);
            t.setFont(SMALL);
            widest = Math.max(widest, t.getLayoutBounds().getWidth());
        }
        int every = Math.max(1, (int) Math.ceil((widest + 6) / cw));
        for (int xi = 0; xi < nx; xi += every) {
            g.fillText(data.xValues().get(xi), left + (xi + 0.5) * cw, top + ph + 14);
        }
        g.fillText(data.xPath(), left + pw / 2, h - 8);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int yi = 0; yi < ny; yi++) {
            g.fillText(data.yValues().get(yi), left - 6, top + (ny - 1 - yi + 0.5) * ch + 4);
        }
        g.save();
        g.translate(12, top + ph / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(data.yPath(), 0, 0);
        g.restore();
        g.setTextAlign(TextAlignment.LEFT);
        if (min <= max) {
            scale.legend(g, w - right + 16, top + 16, 14, Math.max(20, ph - 24), "score");
        }
    }
}
