package org.riskbench.ui.shell;

import java.util.List;
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

    /**
     * Ctrl+Enter: selectors ({@code #id}) of the screen's main action buttons, by preference; the first one shown and
     * enabled is fired (e.g. Confirm while a file waits, else Choose files).
     */
    default List<String> mainActions() {
        return List.of("#runButton");
    }

    /** Esc: the selector of the button that cancels the screen's running action. */
    default String cancelAction() {
        return "#cancelButton";
    }

    /** Ctrl+F: the selector of the screen's filter field, or null when it has none. */
    default String filter() {
        return null;
    }

    /** F5: reads the screen's data again (by default: stop and start its polling, which reloads at once). */
    default void refresh() {
        hidden();
        shown();
    }
}
