package org.riskbench.ui.shell;

import java.util.List;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** Help > Keyboard shortcuts: every key the window answers, in one table. */
final class ShortcutsDialog {
    /** Key and what it does, in the order shown. */
    static final List<String[]> SHORTCUTS = List.of(
            new String[] {"Ctrl+1 … Ctrl+7", "Go to Jobs, Scenarios, Acceptance, Calibration, Inference, Models, Runs"},
            new String[] {"Up / Down on the rail", "Go to the previous / next screen"},
            new String[] {"Ctrl+Enter", "The screen's main action (Run, Run replay, Run calibration, Confirm, Retrain now, Compare)"},
            new String[] {"Esc", "Cancel the screen's running job"},
            new String[] {"Ctrl+F", "Go to the screen's filter or search field"},
            new String[] {"F5", "Read the screen's data again"},
            new String[] {"Ctrl+O", "Open a workspace"},
            new String[] {"Ctrl+Q", "Quit"},
            new String[] {"F1", "User guide"},
            new String[] {"Tab / Shift+Tab", "Next / previous control; Space presses the focused button"});

    private ShortcutsDialog() {
    }

    static Alert build(Window owner) {
        GridPane grid = new GridPane();
        grid.setId("shortcutsGrid");
        grid.setHgap(18);
        grid.setVgap(6);
        for (int i = 0; i < SHORTCUTS.size(); i++) {
            Label key = new Label(SHORTCUTS.get(i)[0]);
            key.getStyleClass().add("shortcut-key");
            key.setMinWidth(Label.USE_PREF_SIZE);
            Label what = new Label(SHORTCUTS.get(i)[1]);
            what.setWrapText(true);
            grid.addRow(i, key, what);
        }
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.setTitle("Riskbench");
        alert.setHeaderText("Keyboard shortcuts");
        alert.getDialogPane().setContent(grid);
        alert.getDialogPane().setMinWidth(640);
        return alert;
    }
}
