package org.riskbench.ui.acceptance;

import java.util.HashMap;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.QuadCurve;
import org.riskbench.engine.acceptance.ReplaySummary;
import org.riskbench.engine.acceptance.State;

/**
 * The acceptance state machine drawn as three nodes (coloured like the state strip) and its six
 * transitions as curved arrows, each labelled with its count in the replay; a transition that never
 * happened is drawn faint. The final state's node has a thicker ring.
 */
final class StateDiagram extends Pane {
    static final double WIDTH = 270;
    static final double HEIGHT = 180;
    private static final double RADIUS = 28;
    private static final double BEND = 24;

    private final Map<State, Point2D> centers = Map.of(State.PASS, new Point2D(48, 44), State.DERISK, new Point2D(222, 44),
            State.BLOCK, new Point2D(135, 146));
    private final Map<String, Label> counts = new HashMap<>();
    private final Map<String, QuadCurve> edges = new HashMap<>();
    private final Map<String, Polygon> heads = new HashMap<>();
    private final Map<State, Circle> nodes = new HashMap<>();

    StateDiagram() {
        setMinSize(WIDTH, HEIGHT);
        setPrefSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        getStyleClass().add("state-diagram");
        for (String key : ReplaySummary.transitionKeys()) {
            String[] ends = key.split("->");
            edge(key, State.valueOf(ends[0]), State.valueOf(ends[1]));
        }
        for (State s : State.values()) {
            Point2D c = centers.get(s);
            Circle circle = new Circle(c.getX(), c.getY(), RADIUS, color(s).deriveColor(0, 1, 1, 0.18));
            circle.setStroke(color(s));
            circle.setStrokeWidth(2);
            nodes.put(s, circle);
            Label name = new Label(s.name());
            name.getStyleClass().add("state-node-label");
            name.setAlignment(Pos.CENTER);
            name.setMinWidth(2 * RADIUS);
            name.setLayoutX(c.getX() - RADIUS);
            name.setLayoutY(c.getY() - 9);
            getChildren().addAll(circle, name);
        }
        show(null);
    }

    static Color color(State s) {
        return Color.web(switch (s) {
            case PASS -> ReplayCharts.PASS_COLOR;
            case DERISK -> ReplayCharts.DERISK_COLOR;
            case BLOCK -> ReplayCharts.BLOCK_COLOR;
        });
    }

    private void edge(String key, State from, State to) {
        Point2D a = centers.get(from);
        Point2D b = centers.get(to);
        Point2D d = b.subtract(a).normalize();
        Point2D n = new Point2D(-d.getY(), d.getX()); // left of the direction: the two arrows of a pair part
        Point2D start = a.add(d.multiply(RADIUS)).add(n.multiply(7));
        Point2D end = b.subtract(d.multiply(RADIUS + 2)).add(n.multiply(7));
        Point2D control = a.midpoint(b).add(n.multiply(BEND));
        QuadCurve curve = new QuadCurve(start.getX(), start.getY(), control.getX(), control.getY(), end.getX(), end.getY());
        curve.setFill(null);
        curve.setStrokeWidth(1.6);
        Point2D dir = end.subtract(control).normalize();
        Point2D side = new Point2D(-dir.getY(), dir.getX());
        Point2D tip = end;
        Point2D base = tip.subtract(dir.multiply(9));
        Polygon head = new Polygon(tip.getX(), tip.getY(), base.getX() + side.getX() * 4.5, base.getY() + side.getY() * 4.5,
                base.getX() - side.getX() * 4.5, base.getY() - side.getY() * 4.5);
        Label count = new Label("0");
        count.setId("transition-" + from.name() + "-" + to.name());
        count.getStyleClass().add("transition-count");
        // On the curve's apex (a quadratic's midpoint lies half-way to its control point): the label's pill sits on
        // its own arrow, and the two arrows of a pair are 2 x 19 px apart, so their labels never overlap.
        Point2D at = a.midpoint(b).add(n.multiply(BEND * 0.5 + 7));
        count.setMinWidth(36);
        count.setAlignment(Pos.CENTER);
        count.setLayoutX(at.getX() - 18);
        count.setLayoutY(at.getY() - 9);
        edges.put(key, curve);
        heads.put(key, head);
        counts.put(key, count);
        getChildren().addAll(curve, head, count);
    }

    /** Shows a replay's transition counts and final state (null: an empty diagram). */
    void show(ReplaySummary summary) {
        for (String key : ReplaySummary.transitionKeys()) {
            int n = summary == null ? 0 : summary.transitions().getOrDefault(key, 0);
            State to = State.valueOf(key.split("->")[1]);
            Color c = n == 0 ? Color.web("#8c959f", 0.45) : color(to);
            edges.get(key).setStroke(c);
            edges.get(key).setStrokeWidth(n == 0 ? 1.0 : 1.4 + Math.min(2.6, Math.log10(n + 1)));
            heads.get(key).setFill(c);
            counts.get(key).setText(Integer.toString(n));
            counts.get(key).setOpacity(n == 0 ? 0.6 : 1);
        }
        for (State s : State.values()) {
            nodes.get(s).setStrokeWidth(summary != null && summary.finalState() == s ? 4 : 2);
        }
    }

    /** The count label of a transition key {@code FROM->TO}. */
    Label countLabel(String key) {
        return counts.get(key);
    }
}
