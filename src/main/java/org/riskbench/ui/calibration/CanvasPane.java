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
    /** The points drawn last, where a click picks them: grid point id and the spot's centre and reach. */
    private final java.util.List<double[]> spots = new java.util.ArrayList<>();
    private java.util.function.IntConsumer onPick = p -> { };

    CanvasPane() {
        getChildren().add(canvas);
        canvas.setOnMouseClicked(e -> {
            int picked = pickAt(e.getX(), e.getY());
            if (picked >= 0) {
                onPick.accept(picked);
            }
        });
        canvas.setOnMouseMoved(e -> canvas.setCursor(pickAt(e.getX(), e.getY()) >= 0 ? javafx.scene.Cursor.HAND : null));
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

    /** What a click on a drawn point does (the screen selects that grid point everywhere). */
    final void setOnPick(java.util.function.IntConsumer action) {
        onPick = action;
    }

    /** Records, while drawing, that grid point {@code point} sits at (x, y) and a click within {@code reach} picks it. */
    final void spot(int point, double x, double y, double reachX, double reachY) {
        spots.add(new double[] {point, x, y, reachX, reachY});
    }

    /** The point whose spot holds (x, y), the nearest when several do; -1 for none. */
    final int pickAt(double x, double y) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (double[] s : spots) {
            double dx = Math.abs(x - s[1]);
            double dy = Math.abs(y - s[2]);
            if (dx <= s[3] && dy <= s[4] && dx * dx + dy * dy < bestDistance) {
                bestDistance = dx * dx + dy * dy;
                best = (int) s[0];
            }
        }
        return best;
    }

    final void redraw() {
        spots.clear();
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
