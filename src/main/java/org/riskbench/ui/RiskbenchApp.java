package org.riskbench.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;
import org.riskbench.app.AppContext;
import org.riskbench.ui.acceptance.AcceptanceScreen;
import org.riskbench.ui.calibration.CalibrationScreen;
import org.riskbench.ui.inference.InferenceScreen;
import org.riskbench.ui.jobs.JobsScreen;
import org.riskbench.ui.models.ModelsScreen;
import org.riskbench.ui.runs.RunsScreen;
import org.riskbench.ui.scenarios.ScenariosScreen;
import org.riskbench.ui.shell.FolderOpener;
import org.riskbench.ui.shell.MainWindow;
import org.riskbench.ui.shell.Screen;

/**
 * The desktop application: the composition root that puts every screen into the shell's main window.
 */
public final class RiskbenchApp extends Application {
    /**
     * JavaFX's own logger, held so its filter stays: the runnable jar deliberately loads JavaFX from the class path
     * (see {@code Launcher}), which JavaFX reports with a warning on every start that a user can do nothing about.
     */
    private static final java.util.logging.Logger JAVAFX_LOGGER = java.util.logging.Logger.getLogger("javafx");
    private static volatile Path initialWorkspace;
    private static volatile boolean launched;
    private MainWindow window;
    private Stage stage;
    private final FolderOpener folderOpener = new FolderOpener(() -> stage);

    /**
     * Called by the CLI's {@code gui} command (and with no subcommand) with the workspace to open first. Blocks until
     * the window closes.
     */
    public static void launchWith(Path workspaceFolder) {
        JAVAFX_LOGGER.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        initialWorkspace = workspaceFolder;
        launched = true;
        try {
            Application.launch(RiskbenchApp.class);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            launched = false;
            throw new org.riskbench.core.InputException(cannotOpenMessage(e.getMessage()), e);
        }
    }

    /** What to tell the user when JavaFX cannot start: the missing GTK 3 library is the usual cause on a bare Linux. */
    static String cannotOpenMessage(String cause) {
        String hint = cause != null && cause.contains("GTK")
                ? "the window needs GTK 3 and a display (Debian/Ubuntu: sudo apt install libgtk-3-0; over SSH: set DISPLAY or use xvfb-run)"
                : "no display? set DISPLAY";
        return "cannot open the GUI: " + cause + " (" + hint + "; every command also runs without a window: riskbench --help)";
    }

    public static boolean wasLaunched() {
        return launched;
    }

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        window = new MainWindow(stage, this::screensFor);
        window.setDropHandler(this::onTablesDropped);
        stage.setOnCloseRequest(e -> window.close());
        stage.show();
        window.openWorkspace(initialWorkspace != null ? initialWorkspace : Path.of(System.getProperty("user.home"), ".riskbench"));
    }

    /** The screens of the navigation rail, in order, for one opened workspace. */
    List<Screen> screensFor(AppContext app) {
        List<Screen> screens = new ArrayList<>();
        screens.add(new JobsScreen(app.jobs(), app.samples()::runAll, this::openFolder));
        screens.add(new ScenariosScreen(app));
        AcceptanceScreen acceptance = new AcceptanceScreen(app.replays(), app.jobs(), app.root());
        screens.add(acceptance);
        screens.add(new CalibrationScreen(app.calibrations(), app.jobs(), app.root(), (series, profile) -> {
            acceptance.viewModel().open(series, profile);
            window.show("Acceptance");
        }));
        inference = new InferenceScreen(app.inbox(), app.models(), app.scoring(), app.sparkInference(), app.root());
        screens.add(inference);
        screens.add(new ModelsScreen(app, this::openFolder, true));
        screens.add(new RunsScreen(app, this::openFolder));
        return screens;
    }

    /** The Inference screen of the open workspace (rebuilt with the screens), where dropped files go. */
    private volatile InferenceScreen inference;

    private void onTablesDropped(List<Path> files) {
        InferenceScreen screen = inference;
        if (screen != null) {
            window.show("Inference");
            screen.filesDropped(files);
        }
    }

    private void openFolder(Path folder) {
        folderOpener.accept(folder);
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
    }
}
