package org.riskbench.ui.shell;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.riskbench.core.InputException;

/** Errors as a readable sentence; the stack trace only behind "Show details". */
public final class ErrorDialog {
    private ErrorDialog() {
    }

    public static void show(Window owner, String title, Throwable error) {
        Alert alert = build(owner, title, error);
        alert.show();
    }

    static Alert build(Window owner, String title, Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.setTitle("Riskbench");
        alert.setHeaderText(title);
        alert.setContentText(userMessage(error));
        if (!(error instanceof InputException)) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            TextArea details = new TextArea(trace.toString());
            details.setEditable(false);
            details.setWrapText(false);
            details.setPrefRowCount(14);
            VBox.setVgrow(details, Priority.ALWAYS);
            alert.getDialogPane().setExpandableContent(new VBox(6, new Label("Details (also in the log):"), details));
        }
        alert.getDialogPane().setMinWidth(520);
        return alert;
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
