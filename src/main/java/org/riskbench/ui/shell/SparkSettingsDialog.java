package org.riskbench.ui.shell;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.riskbench.app.SparkSettings;
import org.riskbench.app.SparkTarget;
import org.riskbench.core.InputException;

/**
 * File > Spark settings: the workspace's Spark master, the Spark installation and the Spark settings every application
 * gets (the {@code spark.properties} that {@code riskbench spark set} writes). A refused value keeps the dialog open
 * with the reason under the fields. OK writes {@code spark.properties} in the background (the window stays live); the
 * dialog closes once it is written.
 */
public final class SparkSettingsDialog {
    /** Counts the saves, so every screen's "Run on" reads the master again after one. */
    static final javafx.beans.property.IntegerProperty SAVES = new javafx.beans.property.SimpleIntegerProperty();

    private SparkSettingsDialog() {
    }

    /** Reads the settings in the background, then shows the dialog; {@code onSaved} runs after OK saved them. */
    public static void show(Window owner, Path workspaceRoot, Runnable onSaved) {
        Fx.async(() -> SparkSettings.read(workspaceRoot), current -> {
            if (build(owner, workspaceRoot, current).showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK) {
                SAVES.set(SAVES.get() + 1);
                onSaved.run();
            }
        }, error -> ErrorDialog.show(owner, "Cannot read the Spark settings", error));
    }

    static Dialog<ButtonType> build(Window owner, Path workspaceRoot, Properties current) {
        Dialog<ButtonType> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle("Spark settings");
        dialog.setHeaderText("Where \"Run on: Spark\" sends calibrations, scenario runs and inference");
        TextField master = new TextField(current.getProperty(SparkSettings.MASTER, ""));
        master.setId("spark-master");
        master.setPromptText("local[2], spark://host:7077, yarn, k8s://https://host:443");
        TextField home = new TextField(current.getProperty(SparkSettings.HOME, ""));
        home.setId("spark-home");
        home.setPromptText("empty: SPARK_HOME or the bundled Spark");
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("A Spark 4 installation (the folder holding bin/spark-submit)");
            java.io.File dir = chooser.showDialog(dialog.getDialogPane().getScene().getWindow());
            if (dir != null) {
                home.setText(dir.getAbsolutePath());
            }
        });
        HBox homeRow = new HBox(6, home, browse);
        HBox.setHgrow(home, Priority.ALWAYS);
        StringBuilder lines = new StringBuilder();
        SparkSettings.defaultConf(current).forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        TextArea conf = new TextArea(lines.toString());
        conf.setId("spark-conf");
        conf.setPromptText("spark.executor.memory=4g (one a line)");
        conf.setPrefRowCount(5);
        conf.getStyleClass().add("mono");
        Label error = new Label();
        error.setId("spark-settings-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.setMinHeight(Label.USE_PREF_SIZE);
        error.setMaxWidth(520);

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        Label[] names = {new Label("Master"), new Label("Spark installation"), new Label("Spark settings")};
        for (Label name : names) {
            name.setMinWidth(Label.USE_PREF_SIZE); // "Spark install..." was cut
        }
        grid.addRow(0, names[0], master);
        grid.addRow(1, names[1], homeRow);
        grid.addRow(2, names[2], conf);
        Label hint = new Label("One KEY=VALUE a line, given to every application; a job's own --spark-conf wins.\n"
                + "Inputs must be on a path every executor can read (a shared mount, hdfs:, s3a:).");
        hint.getStyleClass().add("hint-text");
        hint.setWrapText(true);
        hint.setMinHeight(Label.USE_PREF_SIZE);
        hint.setMaxWidth(460);
        grid.add(hint, 1, 3);
        grid.add(error, 0, 4, 2, 1);
        GridPane.setHgrow(master, Priority.ALWAYS);
        master.setPrefColumnCount(32);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // the dialog closes once the file is written, or stays open on what was typed
            String typedMaster = master.getText();
            String typedHome = home.getText();
            String typedConf = conf.getText();
            ok.setDisable(true);
            error.setText("");
            Fx.async(() -> {
                SparkSettings.replace(workspaceRoot, typedMaster, typedHome, confLines(typedConf));
                return ButtonType.OK;
            }, saved -> {
                ok.setDisable(false);
                dialog.setResult(saved);
                dialog.close();
            }, failure -> {
                ok.setDisable(false);
                if (failure instanceof InputException) {
                    error.setText(failure.getMessage());
                } else {
                    ErrorDialog.show(dialog.getDialogPane().getScene().getWindow(), "Cannot save the Spark settings", failure);
                }
            });
        });
        return dialog;
    }

    /** The settings area's lines: KEY=VALUE each, blank lines and '#' comments skipped; a bad line is named. */
    static Map<String, String> confLines(String text) {
        Map<String, String> conf = new LinkedHashMap<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                Map.Entry<String, String> kv = SparkTarget.keyValue("Spark settings, line " + (i + 1) + ":", line);
                conf.put(kv.getKey(), kv.getValue());
            }
        }
        return conf;
    }
}
