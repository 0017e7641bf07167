package org.riskbench.ui.shell;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;
import org.controlsfx.dialog.ExceptionDialog;
import org.riskbench.core.InputException;

/** Errors as a readable sentence; the stack trace only behind "Show details". */
public final class ErrorDialog {
    private ErrorDialog() {
    }

    public static void show(Window owner, String title, Throwable error) {
        build(owner, title, error).show();
    }

    /**
     * Shows each error a screen's view model puts on {@code errors} as a dialog over {@code screen}'s window headed
     * {@code title}, then clears it, so the next one is shown too.
     */
    public static void showEach(javafx.beans.property.ObjectProperty<Throwable> errors, javafx.scene.Node screen, String title) {
        errors.addListener((o, before, error) -> {
            if (error != null) {
                show(screen.getScene() == null ? null : screen.getScene().getWindow(), title, error);
                errors.set(null);
            }
        });
    }

    /**
     * Bad input gets a plain alert with its sentence; anything else ControlsFX's {@link ExceptionDialog}, whose
     * "Show details" holds the stack trace (also in the log).
     */
    static Dialog<ButtonType> build(Window owner, String title, Throwable error) {
        Dialog<ButtonType> dialog = error instanceof InputException ? new Alert(Alert.AlertType.ERROR) : new ExceptionDialog(error);
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle("Riskbench");
        dialog.setHeaderText(title);
        dialog.setContentText(userMessage(error));
        dialog.getDialogPane().setMinWidth(520);
        return dialog;
    }

    /** The sentence to show: the message of the most telling cause. */
    public static String userMessage(Throwable error) {
        Throwable t = error;
        while ((t.getMessage() == null || t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
