package org.riskbench.ui.shell;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The screens' file choosers: where they start (the folder of the file in hand, else the shipped samples' folder, else
 * the workspace) and the kinds of file they offer first, "All files" always second.
 */
public final class FileChoosers {
    public static final FileChooser.ExtensionFilter CSV = new FileChooser.ExtensionFilter("CSV files", "*.csv", "*.txt");
    public static final FileChooser.ExtensionFilter YAML = new FileChooser.ExtensionFilter("YAML files", "*.yaml", "*.yml");
    private static final FileChooser.ExtensionFilter ALL = new FileChooser.ExtensionFilter("All files", "*");

    private FileChoosers() {
    }

    /**
     * A chooser titled {@code title} starting in the folder of {@code current}, else in {@code sampleFolder} (relative
     * to the working folder), else in {@code workspace}; where none exists, the platform's choice.
     */
    public static FileChooser startingAt(String title, Path current, String sampleFolder, Path workspace) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        Path start = current != null ? current.getParent() : sampleFolder == null ? null : Path.of(sampleFolder).toAbsolutePath();
        if (start == null || !Files.isDirectory(start)) {
            start = workspace;
        }
        if (start != null && Files.isDirectory(start)) {
            chooser.setInitialDirectory(start.toFile());
        }
        return chooser;
    }

    /** Shows {@code chooser} as an open dialog offering {@code kind} and all files; the file chosen, or null. */
    public static Path open(FileChooser chooser, Window owner, FileChooser.ExtensionFilter kind) {
        chooser.getExtensionFilters().setAll(kind, ALL);
        File file = chooser.showOpenDialog(owner);
        return file == null ? null : file.toPath();
    }

    /**
     * Asks for a file to open over {@code screen}'s window, starting as {@link #startingAt} says, and hands the file
     * chosen to {@code chosen} (nothing when the user cancels).
     */
    public static void choose(javafx.scene.Node screen, String title, Path current, String sampleFolder, Path workspace,
                              FileChooser.ExtensionFilter kind, java.util.function.Consumer<Path> chosen) {
        Path file = open(startingAt(title, current, sampleFolder, workspace), screen.getScene().getWindow(), kind);
        if (file != null) {
            chosen.accept(file);
        }
    }

    /** A CSV file to open: a chooser titled {@code title} where the platform starts; the file chosen, or null. */
    public static Path openCsv(Window owner, String title) {
        return open(startingAt(title, null, null, null), owner, CSV);
    }

    /** Shows a chosen file on {@code label}: its name (the whole path as tooltip), or {@code whenNone} while none is chosen. */
    public static void showChosen(javafx.scene.control.Label label, javafx.beans.value.ObservableValue<Path> file, String whenNone) {
        label.textProperty().bind(file.map(p -> p.getFileName().toString()).orElse(whenNone));
        label.tooltipProperty().bind(file.map(p -> new javafx.scene.control.Tooltip(p.toString())));
    }
}
