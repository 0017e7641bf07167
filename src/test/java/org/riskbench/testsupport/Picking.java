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

    private static boolean within(Node hit, Node control) {
        for (Node n = hit; n != null; n = n.getParent()) {
            if (n == control) {
                return true;
            }
        }
        return false;
    }
}
