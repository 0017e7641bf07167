package org.riskbench.testsupport;

import javafx.geometry.Point2D;
import javafx.scene.Node;
import org.testfx.api.FxRobot;
import org.testfx.robot.Motion;
import org.testfx.util.NodeQueryUtils;

/**
 * Clicks whose target is found and placed on the JavaFX thread, then pressed by the robot. TestFX's own {@code clickOn}
 * works out the node's bounds on the test thread; a node taken out of its scene meanwhile fails with "scene is null"
 * (TestFX issue 813), which a screen test once did under load.
 */
public final class FxClicks {
    private FxClicks() {
    }

    /** Clicks the first visible node {@code query} finds (an id, a style class or a text), as TestFX's clickOn does. */
    public static FxRobot on(FxRobot robot, String query) {
        return at(robot, FxWait.read(() -> robot.point(robot.lookup(query).match(NodeQueryUtils.isVisible())
                .<Node>query()).query()));
    }

    /** Clicks {@code node}'s centre (its visible part's). */
    public static FxRobot on(FxRobot robot, Node node) {
        return at(robot, FxWait.read(() -> robot.point(node).query()));
    }

    private static FxRobot at(FxRobot robot, Point2D point) {
        return robot.clickOn(point, Motion.DEFAULT);
    }
}
