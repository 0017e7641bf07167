package org.riskbench.ui.shell;

import javafx.scene.Node;

/** One destination of the navigation rail. */
public interface Screen {
    /** Shown in the rail and the window title. */
    String title();

    /** An Ikonli icon literal, e.g. {@code mdi2f-format-list-checks}. */
    String icon();

    /** The screen's root node (built once). */
    Node view();

    /** Called when the screen becomes visible (start polling) ... */
    default void shown() {
    }

    /** ... and when another screen replaces it (stop polling). */
    default void hidden() {
    }
}
