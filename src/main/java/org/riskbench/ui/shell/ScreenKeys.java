package org.riskbench.ui.shell;

import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;

/** Finds what a screen's keyboard shortcuts act on: the shown, enabled button or field behind a selector. */
final class ScreenKeys {
    private ScreenKeys() {
    }

    /** Fires the first of {@code selectors} that is a shown, enabled button; false when none is. */
    static boolean fire(Node view, List<String> selectors) {
        for (String selector : selectors) {
            Optional<ButtonBase> button = usable(view, selector).filter(ButtonBase.class::isInstance).map(ButtonBase.class::cast);
            if (button.isPresent()) {
                button.get().fire();
                return true;
            }
        }
        return false;
    }

    /** Moves the focus to {@code selector} (selecting a text field's text); false when it is not shown or not enabled. */
    static boolean focus(Node view, String selector) {
        if (selector == null) {
            return false;
        }
        Optional<Node> node = usable(view, selector);
        node.ifPresent(n -> {
            n.requestFocus();
            if (n instanceof javafx.scene.control.TextInputControl text) {
                text.selectAll();
            }
        });
        return node.isPresent();
    }

    private static Optional<Node> usable(Node view, String selector) {
        return view.lookupAll(selector).stream().filter(ScreenKeys::shownAndEnabled).findFirst();
    }

    /** Visible with every ancestor (a hidden tab's content is not), in a scene, and not disabled. */
    static boolean shownAndEnabled(Node node) {
        if (node.getScene() == null || node.isDisabled()) {
            return false;
        }
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
