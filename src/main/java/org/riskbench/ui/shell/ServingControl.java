package org.riskbench.ui.shell;

import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.javafx.FontIcon;
import org.riskbench.app.AppContext;
import org.riskbench.server.ServerOptions;
import org.riskbench.server.Serving;

/**
 * File > Serve this workspace: a small dialog (port, address), then the API and metrics served on the open workspace
 * while the window runs, with the address and a Stop button in the status bar. The GUI serves without a token, so only
 * loopback addresses are accepted here; a shared box uses {@code riskbench serve --token-file}.
 */
final class ServingControl {
    private final Stage stage;
    private final Label address = new Label();
    private final Button stop = new Button("Stop", new FontIcon("mdi2s-stop"));
    private final HBox statusItem = new HBox(6, new FontIcon("mdi2l-lan-connect"), address, stop);
    private Serving serving;

    ServingControl(Stage stage) {
        this.stage = stage;
        address.setId("serving-address");
        stop.setId("serving-stop");
        stop.setOnAction(e -> stop());
        statusItem.setVisible(false);
        statusItem.setManaged(false);
        statusItem.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    }

    /** The status bar's part: the address served and Stop, shown only while serving. */
    HBox statusItem() {
        return statusItem;
    }

    boolean isServing() {
        return serving != null;
    }

    /** Asks for port and address, then serves {@code app} (off the FX thread; errors in a dialog). */
    void askAndServe(AppContext app) {
        if (app == null || serving != null) {
            return;
        }
        Dialog<String[]> dialog = new Dialog<>();
        dialog.initOwner(stage);
        dialog.setTitle("Serve this workspace");
        dialog.setHeaderText("Serve " + app.root().getFileName() + " over HTTP (API, /metrics, /healthz) while this window is open");
        TextField port = new TextField(String.valueOf(ServerOptions.DEFAULT_PORT));
        port.setId("serve-port");
        TextField bind = new TextField(ServerOptions.DEFAULT_BIND);
        bind.setId("serve-bind");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Port"), port);
        grid.addRow(1, new Label("Address"), bind);
        grid.add(new Label("Without a token only this machine (127.0.0.1) can be served;\n"
                + "for a shared box run 'riskbench serve --token-file FILE'."), 0, 2, 2, 1);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(b -> b == ButtonType.OK ? new String[] {port.getText().strip(), bind.getText().strip()} : null);
        Optional<String[]> answer = dialog.showAndWait();
        answer.ifPresent(a -> start(app, a[0], a[1]));
    }

    private void start(AppContext app, String portText, String bind) {
        Fx.async(() -> {
            int port;
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new org.riskbench.core.InputException("the port '" + portText + "' is not a number between 0 and 65535");
            }
            return Serving.start(app, ServerOptions.loopback(port).withBind(bind));
        }, started -> {
            serving = started;
            address.setText("Serving " + started.address());
            statusItem.setVisible(true);
            statusItem.setManaged(true);
        }, error -> ErrorDialog.show(stage, "Cannot serve the workspace", error));
    }

    /** Stops serving (the workspace's jobs go on). */
    void stop() {
        Serving s = serving;
        serving = null;
        statusItem.setVisible(false);
        statusItem.setManaged(false);
        if (s != null) {
            Fx.async(() -> {
                s.close();
                return null;
            }, ignored -> { }, error -> ErrorDialog.show(stage, "Stopping the server failed", error));
        }
    }

    /** Stops at once, on this thread (window closing, another workspace opening). */
    void stopNow() {
        Serving s = serving;
        serving = null;
        statusItem.setVisible(false);
        statusItem.setManaged(false);
        if (s != null) {
            s.close();
        }
    }
}
