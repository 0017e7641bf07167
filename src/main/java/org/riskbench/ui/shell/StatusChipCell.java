package org.riskbench.ui.shell;

import javafx.scene.control.Label;
import javafx.scene.control.TableCell;

/**
 * A status shown as a coloured chip (style classes {@code status-chip} and {@code status-<status>} of the theme): the
 * status column of the Jobs, Runs, Projects and Models tables.
 *
 * @param <S> the table's row type
 */
public final class StatusChipCell<S> extends TableCell<S, String> {
    private final Label chip = new Label();

    /** Styles {@code chip} as the chip of {@code status} (for a cell that shows more than the chip). */
    public static void style(Label chip, String status) {
        chip.setText(status);
        chip.getStyleClass().setAll("label", "status-chip", "status-" + status);
    }

    @Override
    protected void updateItem(String status, boolean empty) {
        super.updateItem(status, empty);
        if (empty || status == null || status.isEmpty()) {
            setGraphic(null);
            return;
        }
        style(chip, status);
        setGraphic(chip);
    }
}
