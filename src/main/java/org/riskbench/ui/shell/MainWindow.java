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
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import org.kordamp.ikonli.javafx.FontIcon;
import org.riskbench.app.AppContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window: menu bar, navigation rail, the current screen, and a status bar with the open
 * workspace. Opening a workspace happens off the FX thread; the screens are rebuilt for it.
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

    public MainWindow(Stage stage, Function<AppContext, List<Screen>> screenFactory) {
        this.stage = stage;
        this.screenFactory = screenFactory;
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
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox status = new HBox(8, new FontIcon("mdi2f-folder-open"), workspaceLabel, gap, serving.statusItem());
        status.setAlignment(Pos.CENTER_LEFT);
        status.setPadding(new Insets(4, 10, 4, 10));
        status.getStyleClass().add("status-bar");
        root.setBottom(status);
        showMessage(new ProgressIndicator(), "Opening workspace…");

        Scene scene = new Scene(root, 1360, 860);
        scene.getStylesheets().add(MainWindow.class.getResource("/org/riskbench/ui/shell/riskbench.css").toExternalForm());
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
        Menu file = new Menu("File", null, open, serve, quit);
        file.setOnShowing(e -> serve.setDisable(app == null || serving.isServing()));
        MenuItem about = new MenuItem("About Riskbench");
        about.setOnAction(e -> {
            Alert alert = new Alert(Alert.AlertType.INFORMATION);
            alert.initOwner(stage);
            alert.setHeaderText("Riskbench " + version());
            alert.setContentText("A workbench for risk and ML analysts.\nWorkspace: "
                    + (app == null ? "none" : app.root()) + "\nJava " + System.getProperty("java.version"));
            alert.show();
        });
        return new MenuBar(file, new Menu("Help", null, about));
    }

    private static String version() {
        String v = MainWindow.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
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
            railButtons.add(button);
            rail.getChildren().add(button);
        }
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        rail.getChildren().add(spacer);
        if (!screens.isEmpty()) {
            show(screens.get(0));
        }
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
        if (current != null) {
            current.hidden();
        }
        if (app != null) {
            app.close();
            app = null;
        }
    }
}
