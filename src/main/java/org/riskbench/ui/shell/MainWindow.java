package org.riskbench.ui.shell;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.StatusBar;
import org.controlsfx.control.action.Action;
import org.kordamp.ikonli.javafx.FontIcon;
import org.riskbench.app.AppContext;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window: menu bar, navigation rail, the current screen, and a status bar with the open
 * workspace, the running jobs and the served address. Opening a workspace happens off the FX thread; the screens are
 * rebuilt for it. Keys: Ctrl+1..7 for the screens, Up/Down on the rail, Ctrl+Enter, Esc, Ctrl+F and F5 for the
 * current screen (see {@link ShortcutsDialog}).
 */
public final class MainWindow {
    private static final Logger LOG = LoggerFactory.getLogger(MainWindow.class);

    private final Stage stage;
    private final Function<AppContext, List<Screen>> screenFactory;
    private final BorderPane root = new BorderPane();
    private final VBox rail = new VBox(4);
    private final StackPane content = new StackPane();
    private final Label workspaceLabel = new Label("No workspace open");
    private final ToggleGroup railGroup = new ToggleGroup();
    private final List<Screen> screens = new ArrayList<>();
    private final List<ToggleButton> railButtons = new ArrayList<>();
    private Screen current;
    private AppContext app;
    private Consumer<List<Path>> dropHandler = files -> { };
    private ServingControl serving;
    private final StatusBar statusBar = new StatusBar();
    private final Menu viewMenu = new Menu("View");
    private final CheckMenuItem darkTheme = new CheckMenuItem("Dark theme");
    private final java.util.prefs.Preferences preferences;
    private final FolderOpener opener = new FolderOpener(this::stage);
    private JobWatch jobWatch;
    private Path guideFolder;

    public MainWindow(Stage stage, Function<AppContext, List<Screen>> screenFactory) {
        this(stage, screenFactory, Theme.userPreferences());
    }

    /** With the preferences node where the window remembers the user's choices (the theme). */
    public MainWindow(Stage stage, Function<AppContext, List<Screen>> screenFactory, java.util.prefs.Preferences preferences) {
        this.stage = stage;
        this.screenFactory = screenFactory;
        this.preferences = preferences;
        build();
    }

    private void build() {
        serving = new ServingControl(stage);
        root.setTop(menuBar());
        rail.getStyleClass().add("nav-rail");
        rail.setPadding(new Insets(10, 6, 10, 6));
        rail.setPrefWidth(112);
        root.setLeft(rail);
        content.getStyleClass().add("screen-area");
        root.setCenter(content);
        HBox workspaceItem = new HBox(6, new FontIcon("mdi2f-folder-open"), workspaceLabel);
        workspaceItem.setAlignment(Pos.CENTER_LEFT);
        statusBar.setId("statusBar");
        statusBar.getStyleClass().add("status-bar");
        statusBar.setText("");
        javafx.scene.control.Separator gap = new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL);
        gap.setPadding(new Insets(0, 4, 0, 8));
        statusBar.getLeftItems().addAll(workspaceItem, gap);
        statusBar.getRightItems().add(serving.statusItem());
        root.setBottom(statusBar);
        showMessage(new ProgressIndicator(), "Opening workspace…");

        Scene scene = new Scene(root, 1360, 860);
        scene.getStylesheets().add(MainWindow.class.getResource("/org/riskbench/ui/shell/riskbench.css").toExternalForm());
        applyTheme(Theme.remembered(preferences));
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onScreenKeyFilter);
        scene.addEventHandler(KeyEvent.KEY_PRESSED, this::onScreenKeyHandler);
        scene.setOnDragOver(event -> {
            if (event.getDragboard().hasFiles() && event.getDragboard().getFiles().stream().anyMatch(MainWindow::isTable)) {
                event.acceptTransferModes(TransferMode.COPY);
            }
            event.consume();
        });
        scene.setOnDragDropped(event -> {
            List<Path> tables = event.getDragboard().getFiles().stream().filter(MainWindow::isTable).map(File::toPath).toList();
            event.setDropCompleted(!tables.isEmpty());
            event.consume();
            if (!tables.isEmpty()) {
                dropHandler.accept(tables);
            }
        });
        stage.setScene(scene);
        stage.setTitle("Riskbench");
        stage.getIcons().add(new javafx.scene.image.Image(MainWindow.class.getResourceAsStream("/org/riskbench/ui/shell/icon.png")));
        stage.setMinWidth(960);
        stage.setMinHeight(640);
    }

    private static boolean isTable(File file) {
        String name = file.getName().toLowerCase(Locale.ROOT);
        return file.isFile() && (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt"));
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open workspace…", new FontIcon("mdi2f-folder-open"));
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseWorkspace());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> stage.close());
        MenuItem serve = new MenuItem("Serve this workspace…", new FontIcon("mdi2l-lan-connect"));
        serve.setId("menu-serve");
        serve.setOnAction(e -> serving.askAndServe(app));
        MenuItem sparkSettings = new MenuItem("Spark settings…", new FontIcon("mdi2l-lan"));
        sparkSettings.setId("menu-spark-settings");
        sparkSettings.setOnAction(e -> SparkSettingsDialog.show(stage, app.root(), () -> { }));
        Menu file = new Menu("File", null, open, serve, sparkSettings, quit);
        file.setOnShowing(e -> {
            serve.setDisable(app == null || serving.isServing());
            sparkSettings.setDisable(app == null);
        });
        darkTheme.setId("menu-dark-theme");
        darkTheme.setSelected(Theme.current() == Theme.DARK);
        darkTheme.setOnAction(e -> {
            Theme chosen = darkTheme.isSelected() ? Theme.DARK : Theme.LIGHT;
            applyTheme(chosen);
            chosen.remember(preferences);
        });
        viewMenu.setId("menu-view");
        fillViewMenu();

        MenuItem guide = new MenuItem("User guide", new FontIcon("mdi2b-book-open-variant"));
        guide.setId("menu-user-guide");
        guide.setAccelerator(new KeyCodeCombination(KeyCode.F1));
        guide.setOnAction(e -> openUserGuide());
        MenuItem shortcuts = new MenuItem("Keyboard shortcuts", new FontIcon("mdi2k-keyboard-outline"));
        shortcuts.setId("menu-shortcuts");
        shortcuts.setOnAction(e -> ShortcutsDialog.build(stage).show());
        MenuItem about = new MenuItem("About Riskbench");
        about.setOnAction(e -> {
            Alert alert = new Alert(Alert.AlertType.INFORMATION);
            alert.initOwner(stage);
            alert.setHeaderText("Riskbench " + version());
            alert.setContentText("A workbench for risk and ML analysts.\nWorkspace: "
                    + (app == null ? "none" : app.root()) + "\nJava " + System.getProperty("java.version"));
            alert.show();
        });
        return new MenuBar(file, viewMenu, new Menu("Help", null, guide, shortcuts, new SeparatorMenuItem(), about));
    }

    private static String version() {
        String v = MainWindow.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** View: one item per screen (Ctrl+1..9), Refresh, the theme. Rebuilt when the screens are. */
    private void fillViewMenu() {
        viewMenu.getItems().clear();
        for (int i = 0; i < screens.size(); i++) {
            Screen screen = screens.get(i);
            MenuItem go = new MenuItem(screen.title());
            go.setId("menu-go-" + screen.title().toLowerCase(Locale.ROOT));
            if (i < 9) {
                go.setAccelerator(new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf(i + 1)), KeyCombination.SHORTCUT_DOWN));
            }
            go.setOnAction(e -> show(screen));
            viewMenu.getItems().add(go);
        }
        MenuItem refresh = new MenuItem("Refresh", new FontIcon("mdi2r-refresh"));
        refresh.setId("menu-refresh");
        refresh.setAccelerator(new KeyCodeCombination(KeyCode.F5));
        refresh.setOnAction(e -> {
            if (current != null) {
                current.refresh();
            }
        });
        if (!screens.isEmpty()) {
            viewMenu.getItems().add(new SeparatorMenuItem());
        }
        viewMenu.getItems().addAll(refresh, new SeparatorMenuItem(), darkTheme);
    }

    private void applyTheme(Theme theme) {
        theme.apply();
        root.getStyleClass().remove(Theme.DARK_CLASS);
        if (theme == Theme.DARK) {
            root.getStyleClass().add(Theme.DARK_CLASS);
        }
        darkTheme.setSelected(theme == Theme.DARK);
    }

    /** Ctrl+Enter and Ctrl+F before any control sees them: no control has a use for them. */
    private void onScreenKeyFilter(KeyEvent event) {
        if (current == null || !event.isShortcutDown()) {
            return;
        }
        if (event.getCode() == KeyCode.ENTER && ScreenKeys.fire(current.view(), current.mainActions())) {
            event.consume();
        } else if (event.getCode() == KeyCode.F && ScreenKeys.focus(current.view(), current.filter())) {
            event.consume();
        }
    }

    /** Esc after the controls: a combo box or a text field that uses it keeps it. */
    private void onScreenKeyHandler(KeyEvent event) {
        if (current != null && event.getCode() == KeyCode.ESCAPE && !event.isShortcutDown()
                && ScreenKeys.fire(current.view(), List.of(current.cancelAction()))) {
            event.consume();
        }
    }

    /** Help > User guide: renders the guide shipped in the app once, then opens it in the browser. */
    private void openUserGuide() {
        Fx.async(() -> {
            if (guideFolder == null) {
                Path folder = java.nio.file.Files.createTempDirectory("riskbench-guide");
                UserGuide.render(folder);
                guideFolder = folder;
            }
            return guideFolder.resolve("README.html");
        }, page -> opener.openDocument(page, "The user guide"),
                error -> ErrorDialog.show(stage, "The user guide could not be prepared", error));
    }

    /** The title of the screen in view, or null before the screens are built. */
    public String shownScreen() {
        return current == null ? null : current.title();
    }

    /** The status bar's jobs text (what {@link JobWatch} saw last). */
    public String statusText() {
        return statusBar.getText();
    }

    private void watchJobs(AppContext opened) {
        if (jobWatch != null) {
            jobWatch.close();
        }
        jobWatch = new JobWatch(opened.jobs(), active -> {
            statusBar.setText(active.text());
            statusBar.setProgress(active.progress());
        }, this::jobEnded);
        jobWatch.start();
    }

    private void jobEnded(JobRecord job) {
        if (!JobWatch.worthNotifying(job, () -> current == null ? null : current.title())) {
            return;
        }
        String where = JobWatch.screenOf(job.kind()).filter(t -> screens.stream().anyMatch(s -> s.title().equals(t))).orElse("Jobs");
        Notifications note = Notifications.create().owner(stage).hideAfter(javafx.util.Duration.seconds(8))
                .title(job.kind() + " " + job.status().name().toLowerCase(Locale.ROOT))
                .text(job.id() + (job.status() == JobStatus.FAILED && job.errorMessage() != null ? "\n" + job.errorMessage() : ""))
                .action(new Action("Show in " + where, e -> show(where)));
        switch (job.status()) {
            case FAILED -> note.showError();
            case CANCELLED -> note.showWarning();
            default -> note.showInformation();
        }
    }

    public Stage stage() {
        return stage;
    }

    public void setDropHandler(Consumer<List<Path>> handler) {
        this.dropHandler = handler;
    }

    /** The open workspace's services, or null while none is open. */
    public AppContext app() {
        return app;
    }

    private void chooseWorkspace() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a Riskbench workspace (an empty folder makes a new one)");
        if (app != null && app.root().toFile().isDirectory()) {
            chooser.setInitialDirectory(app.root().toFile());
        }
        File dir = chooser.showDialog(stage);
        if (dir != null) {
            openWorkspace(dir.toPath());
        }
    }

    /** Opens a workspace in the background, then rebuilds the screens for it. */
    public void openWorkspace(Path folder) {
        Fx.async(() -> AppContext.open(folder, AppContext.defaultWorkers()), opened -> {
            AppContext previous = app;
            serving.stopNow(); // it served the workspace being closed
            app = opened;
            workspaceLabel.setText(opened.root().toString());
            watchJobs(opened);
            stage.setTitle("Riskbench — " + opened.root().getFileName());
            try {
                installScreens(screenFactory.apply(opened));
            } catch (RuntimeException e) {
                LOG.error("cannot build the screens", e);
                ErrorDialog.show(stage, "Riskbench could not build its screens", e);
            }
            if (previous != null) {
                Fx.async(() -> {
                    previous.close();
                    return null;
                }, ignored -> { }, error -> LOG.warn("closing the previous workspace failed", error));
            }
        }, error -> {
            ErrorDialog.show(stage, "Cannot open the workspace " + folder, error);
            if (app == null) {
                Button choose = new Button("Open workspace…", new FontIcon("mdi2f-folder-open"));
                choose.setOnAction(e -> chooseWorkspace());
                showMessage(choose, "No workspace is open. Choose a folder for your workspace.");
            }
        });
    }

    private void showMessage(javafx.scene.Node node, String text) {
        Label label = new Label(text);
        VBox box = new VBox(12, node, label);
        box.setAlignment(Pos.CENTER);
        content.getChildren().setAll(box);
    }

    private void installScreens(List<Screen> newScreens) {
        if (current != null) {
            current.hidden();
        }
        current = null;
        screens.clear();
        screens.addAll(newScreens);
        railButtons.clear();
        rail.getChildren().clear();
        for (Screen screen : screens) {
            FontIcon icon = new FontIcon(screen.icon());
            icon.setIconSize(22);
            ToggleButton button = new ToggleButton(screen.title(), icon);
            button.setContentDisplay(ContentDisplay.TOP);
            button.setToggleGroup(railGroup);
            button.setMaxWidth(Double.MAX_VALUE);
            button.getStyleClass().add("nav-button");
            button.setId("nav-" + screen.title().toLowerCase(Locale.ROOT));
            button.setOnAction(e -> show(screen));
            button.addEventFilter(KeyEvent.KEY_PRESSED, e -> onRailKey(e, screen));
            railButtons.add(button);
            rail.getChildren().add(button);
        }
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        rail.getChildren().add(spacer);
        fillViewMenu();
        if (!screens.isEmpty()) {
            show(screens.get(0));
        }
    }

    /** Up/Down (and Left/Right) on the rail go to the previous/next screen, not only move the focus. */
    private void onRailKey(KeyEvent event, Screen from) {
        int step = switch (event.getCode()) {
            case UP, LEFT, KP_UP, KP_LEFT -> -1;
            case DOWN, RIGHT, KP_DOWN, KP_RIGHT -> 1;
            default -> 0;
        };
        if (step == 0) {
            return;
        }
        event.consume();
        int index = Math.floorMod(screens.indexOf(from) + step, screens.size());
        show(screens.get(index));
        railButtons.get(index).requestFocus();
    }

    /** Shows a screen by title (used by drag-and-drop and cross-screen links). */
    public void show(String title) {
        screens.stream().filter(s -> s.title().equals(title)).findFirst().ifPresent(this::show);
    }

    private void show(Screen screen) {
        if (current == screen) {
            return;
        }
        if (current != null) {
            current.hidden();
        }
        current = screen;
        railButtons.get(screens.indexOf(screen)).setSelected(true);
        content.getChildren().setAll(screen.view());
        screen.shown();
    }

    /** Stops the current screen's polling and closes the workspace (on exit). */
    public void close() {
        serving.stopNow();
        if (jobWatch != null) {
            jobWatch.close();
        }
        if (guideFolder != null) {
            org.riskbench.core.Folders.deleteTree(guideFolder);
        }
        if (current != null) {
            current.hidden();
        }
        if (app != null) {
            app.close();
            app = null;
        }
    }
}
