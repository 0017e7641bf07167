package org.riskbench.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.riskbench.app.AppContext;
import org.riskbench.ui.shell.MainWindow;
import org.riskbench.ui.shell.Screen;

/** The main window of a TestFX test: shown on the test's stage with its screens and a workspace, closed after its tests. */
public final class TestWindows {
    private TestWindows() {
    }

    /** Shows {@code stage} as a main window with {@code screens} and opens {@code workspace} (in the background). */
    public static MainWindow open(Stage stage, Path workspace, Function<AppContext, List<Screen>> screens) {
        return open(stage, workspace, screens, null);
    }

    /** The same with the window's preferences (theme, last workspace) kept in {@code preferences} (null: the user's). */
    public static MainWindow open(Stage stage, Path workspace, Function<AppContext, List<Screen>> screens,
                                  Preferences preferences) {
        MainWindow window = preferences == null ? new MainWindow(stage, screens) : new MainWindow(stage, screens, preferences);
        stage.show();
        window.openWorkspace(workspace);
        return window;
    }

    /** Closes the window (and its workspace), for an {@code @AfterAll}; nothing when it was never opened. */
    public static void close(MainWindow window) {
        if (window != null) {
            Platform.runLater(window::close);
        }
    }
}
