package org.riskbench.ui.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.scene.control.Alert;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.scene.control.Label;
import javafx.stage.Window;
import org.riskbench.core.InputException;

/**
 * Opens a folder in the system's file manager, off the FX thread. When none can (no {@code xdg-open}, or no
 * application for folders, as on a server or a minimal desktop), a dialog says so and shows the folder's path to copy:
 * JavaFX's {@code HostServices.showDocument} failed silently there.
 */
public final class FolderOpener implements Consumer<Path> {
    /** How long the opener may take before it is taken to have started a file manager that keeps it waiting. */
    private static final long WAIT_SECONDS = 5;

    private final List<String> command;
    private final java.util.function.Supplier<Window> owner;

    /** The system's opener: {@code xdg-open} on Linux, {@code open} on macOS, Explorer on Windows. */
    public FolderOpener(java.util.function.Supplier<Window> owner) {
        this(systemCommand(), owner);
    }

    FolderOpener(List<String> command, java.util.function.Supplier<Window> owner) {
        this.command = List.copyOf(command);
        this.owner = owner;
    }

    static List<String> systemCommand() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return List.of("explorer.exe");
        }
        if (os.contains("mac")) {
            return List.of("open");
        }
        return List.of("xdg-open");
    }

    @Override
    public void accept(Path folder) {
        Fx.async(() -> {
            open(folder);
            return folder;
        }, opened -> { }, error -> showCannotOpen(folder, "The folder could not be opened", ErrorDialog.userMessage(error)));
    }

    /** Opens a file (a rendered page of the user guide) with the system's opener; the same dialog when none can. */
    public void openDocument(Path file, String what) {
        Fx.async(() -> {
            open(file);
            return file;
        }, opened -> { }, error -> showCannotOpen(file, what + " could not be opened in a browser",
                ErrorDialog.userMessage(error).replace("file manager", "browser").replace("open folders", "open web pages")));
    }

    /** Runs the opener on {@code folder}; an {@link InputException} saying why when it cannot. */
    void open(Path folder) {
        if (!Files.exists(folder)) {
            throw new InputException(folder + ": no such folder (it was moved or deleted)");
        }
        List<String> line = new ArrayList<>(command);
        line.add(folder.toString());
        Process process;
        try {
            process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new InputException("no file manager could be started (" + command.get(0) + " is not installed)", e);
        }
        try {
            if (process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS) && process.exitValue() != 0) {
                throw new InputException("no file manager opened it (" + command.get(0) + " exited with code "
                        + process.exitValue() + ": no application is set up to open folders)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void showCannotOpen(Path folder, String header, String why) {
        Alert alert = new Alert(Alert.AlertType.WARNING);
        Window window = owner.get();
        if (window != null) {
            alert.initOwner(window);
        }
        alert.setTitle("Riskbench");
        alert.setHeaderText(header);
        TextField path = new TextField(folder.toString());
        path.setEditable(false);
        path.setId("folderPath");
        Label reason = new Label(why + ". Open it yourself; its path (select it to copy):");
        reason.setWrapText(true);
        alert.getDialogPane().setContent(new VBox(8, reason, path));
        alert.getDialogPane().setMinWidth(560);
        alert.show();
    }
}
