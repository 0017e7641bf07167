package org.riskbench.testsupport;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Parent;

/**
 * Which node a mouse press at a scene point reaches, found as JavaFX picks: children in reverse paint order, visible
 * and not mouse-transparent ones only, a parent itself last. A headless click once passed while a real mouse could not
 * press the button: an invisible-looking label kept its bounds over it.
 */
public final class Picking {
    private Picking() {
    }

    public static Node pick(Parent root, double sceneX, double sceneY) {
        for (int i = root.getChildrenUnmodifiable().size() - 1; i >= 0; i--) {
            Node child = root.getChildrenUnmodifiable().get(i);
            if (!child.isVisible() || child.isMouseTransparent()) {
                continue;
            }
            if (child.getClip() != null) {
                // as JavaFX picks: outside its clip (a scroll pane's viewport, say) a node takes no press
                Node clip = child.getClip();
                if (!clip.contains(clip.parentToLocal(child.sceneToLocal(sceneX, sceneY)))) {
                    continue;
                }
            }
            if (child instanceof Parent p) {
                Node hit = pick(p, sceneX, sceneY);
                if (hit != null) {
                    return hit;
                }
            } else if (child.contains(child.sceneToLocal(sceneX, sceneY))) {
                return child;
            }
        }
        Point2D local = root.sceneToLocal(sceneX, sceneY);
        return root.isPickOnBounds() && root.getLayoutBounds().contains(local) ? root : null;
    }

    /** True when presses at the centre and at four points 3 px inside the corners of {@code control} all reach it. */
    public static boolean reachable(Node control) {
        return unreachedBy(control) == null;
    }

    /** The first node that takes a press meant for {@code control} (at its centre or 3 px inside a corner), or null. */
    public static String unreachedBy(Node control) {
        Bounds b = control.localToScene(control.getLayoutBounds());
        double[][] points = {
            {b.getCenterX(), b.getCenterY()}, {b.getMinX() + 3, b.getMinY() + 3}, {b.getMaxX() - 3, b.getMinY() + 3},
            {b.getMinX() + 3, b.getMaxY() - 3}, {b.getMaxX() - 3, b.getMaxY() - 3}};
        for (double[] p : points) {
            Node hit = pick(control.getScene().getRoot(), p[0], p[1]);
            if (!within(hit, control)) {
                return (hit == null ? "nothing" : hit + " (id " + hit.getId() + ")") + " at " + (int) p[0] + "," + (int) p[1]
                        + " of " + b;
            }
        }
        return null;
    }

    /**
     * Every control a user would press under {@code root} (Button, ToggleButton, MenuButton, Hyperlink: shown, enabled,
     * at least 8 px square, inside the window) that a press at its centre or 3 px inside a corner does not reach, with
     * what takes the press instead; empty when every one is reachable.
     */
    public static java.util.List<String> unreachableControls(Parent root) {
        java.util.List<String> out = new java.util.ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Parent parent, java.util.List<String> out) {
        for (Node n : parent.getChildrenUnmodifiable()) {
            if (!n.isVisible()) {
                continue; // nor anything under it
            }
            if (pressable(n) && !n.isDisabled() && insideWindow(n)) {
                String taken = unreachedBy(n);
                if (taken != null) {
                    out.add(describe(n) + " is covered by " + taken);
                }
            }
            if (n instanceof Parent p) {
                collect(p, out);
            }
        }
    }

    private static boolean pressable(Node n) {
        return n instanceof javafx.scene.control.Button || n instanceof javafx.scene.control.ToggleButton
                || n instanceof javafx.scene.control.MenuButton || n instanceof javafx.scene.control.Hyperlink;
    }

    private static boolean insideWindow(Node n) {
        Bounds b = n.localToScene(n.getLayoutBounds());
        double w = n.getScene().getWidth();
        double h = n.getScene().getHeight();
        return b.getWidth() >= 8 && b.getHeight() >= 8 && b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= w && b.getMaxY() <= h
                && visibleInViewports(n, b);
    }

    /** False when a scroll pane or a clipping ancestor shows none of the control (scrolled out of view). */
    private static boolean visibleInViewports(Node n, Bounds b) {
        for (Node a = n.getParent(); a != null; a = a.getParent()) {
            if (a.getClip() != null) {
                Bounds clip = a.localToScene(a.getClip().getBoundsInParent());
                if (!clip.contains(b.getCenterX(), b.getCenterY())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String describe(Node n) {
        String text = n instanceof javafx.scene.control.Labeled l ? l.getText() : null;
        return n.getClass().getSimpleName() + (n.getId() == null ? "" : " #" + n.getId()) + (text == null ? "" : " '" + text + "'");
    }

    private static boolean within(Node hit, Node control) {
        for (Node n = hit; n != null; n = n.getParent()) {
            if (n == control) {
                return true;
            }
        }
        return false;
    }
}
