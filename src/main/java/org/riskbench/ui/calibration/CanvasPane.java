package org.riskbench.ui.calibration;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/** A pane holding a canvas that fills it and is redrawn when resized or when its data changes. */
abstract class CanvasPane extends Pane {
    static final Color AXIS = Color.web("#57606a");
    static final Color GRID = Color.web("#d0d7de");
    static final Color TEXT = Color.web("#24292f");
    static final Color MUTED = Color.web("#8c959f");
    static final Font SMALL = Font.font("System", 11);
    protected final Canvas canvas = new Canvas();

    CanvasPane() {
        getChildren().add(canvas);
        getStyleClass().add("calib-plot");
        setMinSize(160, 120);
        setPrefSize(420, 260);
        widthProperty().addListener((o, a, b) -> redraw());
        heightProperty().addListener((o, a, b) -> redraw());
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(0, getWidth()));
        canvas.setHeight(Math.max(0, getHeight()));
    }

    final void redraw() {
        canvas.setWidth(Math.max(0, getWidth()));
        canvas.setHeight(Math.max(0, getHeight()));
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.setFont(SMALL);
        if (canvas.getWidth() > 40 && canvas.getHeight() > 40) {
            draw(g, canvas.getWidth(), canvas.getHeight());
        }
    }

    abstract void draw(GraphicsContext g, double w, double h);

    static void empty(GraphicsContext g, double w, double h, String text) {
        g.setFill(MUTED);
        g.setTextAlign(javafx.scene.text.TextAlignment.CENTER);
        g.fillText(text, w / 2, h / 2);
        g.setTextAlign(javafx.scene.text.TextAlignment.LEFT);
    }

    static String shortNum(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "–" : v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(java.util.Locale.ROOT, "%.2e", v);
        }
        String s = String.format(java.util.Locale.ROOT, a >= 100 ? "%.1f" : "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
