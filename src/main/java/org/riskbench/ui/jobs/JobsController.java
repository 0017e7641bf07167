package org.riskbench.ui.jobs;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.geometry.Pos;
import org.riskbench.ui.shell.ErrorDialog;
import org.riskbench.ui.shell.StatusChipCell;

/** Thin controller of JobsView.fxml: binds the view to {@link JobsViewModel}. */
public final class JobsController {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final JobsViewModel vm;
    private final Consumer<Path> folderOpener;

    @FXML BorderPane root;
    @FXML Label summaryLabel;
    @FXML ComboBox<String> statusFilter;
    @FXML ComboBox<String> kindFilter;
    @FXML ComboBox<String> sphereFilter;
    @FXML TableView<JobRow> table;
    @FXML TableColumn<JobRow, String> statusColumn;
    @FXML TableColumn<JobRow, String> kindColumn;
    @FXML TableColumn<JobRow, String> idColumn;
    @FXML TableColumn<JobRow, Number> progressColumn;
    @FXML TableColumn<JobRow, String> messageColumn;
    @FXML TableColumn<JobRow, Instant> startedColumn;
    @FXML TableColumn<JobRow, String> durationColumn;
    @FXML VBox detailPane;
    @FXML Label noSelectionHint;
    @FXML Label detailTitle;
    @FXML Button cancelButton;
    @FXML Button retryButton;
    @FXML Button openFolderButton;
    @FXML Label errorLabel;
    @FXML Label sparkLabel;
    @FXML TextArea logArea;
    @FXML TextArea paramsArea;
    @FXML TextArea resultArea;

    JobsController(JobsViewModel vm, Consumer<Path> folderOpener) {
        this.vm = vm;
        this.folderOpener = folderOpener;
    }

    @FXML
    void initialize() {
        summaryLabel.textProperty().bind(vm.summaryProperty());
        statusFilter.setItems(vm.statusChoices());
        statusFilter.valueProperty().bindBidirectional(vm.statusFilterProperty());
        kindFilter.setItems(vm.kindChoices());
        kindFilter.valueProperty().bindBidirectional(vm.kindFilterProperty());
        sphereFilter.setItems(vm.sphereChoices());
        sphereFilter.valueProperty().bindBidirectional(vm.sphereFilterProperty());

        table.setItems(vm.rows());
        table.setPlaceholder(emptyState());
        statusColumn.setCellValueFactory(c -> c.getValue().statusProperty());
        statusColumn.setCellFactory(c -> new StatusChipCell<>());
        kindColumn.setCellValueFactory(c -> c.getValue().kindProperty());
        idColumn.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().id()));
        org.riskbench.ui.shell.Columns.fitContent(idColumn);
        org.riskbench.ui.shell.Columns.keepHeadersWhole(table);
        progressColumn.setCellValueFactory(c -> c.getValue().progressProperty());
        progressColumn.setCellFactory(c -> new ProgressCell());
        messageColumn.setCellValueFactory(c -> c.getValue().messageProperty());
        startedColumn.setCellValueFactory(c -> c.getValue().startedProperty());
        startedColumn.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Instant item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? "" : TIME.format(item));
            }
        });
        durationColumn.setCellValueFactory(c -> c.getValue().durationProperty());
        vm.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());

        detailPane.visibleProperty().bind(vm.selectedProperty().isNotNull());
        noSelectionHint.visibleProperty().bind(vm.selectedProperty().isNull());
        detailTitle.textProperty().bind(vm.detailTitleProperty());
        errorLabel.textProperty().bind(vm.detailErrorProperty());
        errorLabel.managedProperty().bind(vm.detailErrorProperty().isNotEmpty());
        errorLabel.visibleProperty().bind(errorLabel.managedProperty());
        sparkLabel.textProperty().bind(vm.detailSparkProperty());
        sparkLabel.managedProperty().bind(vm.detailSparkProperty().isNotEmpty());
        sparkLabel.visibleProperty().bind(sparkLabel.managedProperty());
        paramsArea.textProperty().bind(vm.detailParamsProperty());
        resultArea.textProperty().bind(vm.detailResultProperty());
        vm.detailLogProperty().addListener((o, before, after) -> {
            logArea.setText(after);
            logArea.positionCaret(after.length());
            logArea.setScrollTop(Double.MAX_VALUE);
        });
        cancelButton.disableProperty().bind(vm.canCancelProperty().not());
        retryButton.disableProperty().bind(vm.canRetryProperty().not());
        openFolderButton.disableProperty().bind(vm.detailOutputProperty().isEmpty());
        ErrorDialog.showEach(vm.lastErrorProperty(), root, "Job action failed");
    }

    private VBox emptyState() {
        Label title = new Label("No jobs yet");
        title.getStyleClass().add("title-3");
        Label hint = new Label("Jobs appear here as soon as they are queued, from this window or from any\n"
                + "'riskbench' command using this workspace (for example: riskbench replay ...).\n"
                + "Select a job to see its parameters, live log, result and error.");
        hint.getStyleClass().add("text-muted");
        Button samples = new Button("Run the samples", new org.kordamp.ikonli.javafx.FontIcon("mdi2p-play"));
        samples.setId("runSamplesButton");
        samples.getStyleClass().add("accent");
        samples.setOnAction(e -> {
            samples.setDisable(true);
            vm.runSamples();
        });
        Label samplesHint = new Label("New here? This copies the sample data into the workspace (samples/) and runs a\n"
                + "scenario stress test, two replays, a calibration and an inference on it, so every screen has something to show.");
        samplesHint.getStyleClass().add("text-muted");
        VBox box = new VBox(10, title, hint, samples, samplesHint);
        box.setAlignment(Pos.CENTER);
        return box;
    }

    @FXML
    void cancel() {
        vm.cancelSelected();
    }

    @FXML
    void retry() {
        vm.retrySelected();
    }

    @FXML
    void openFolder() {
        String dir = vm.detailOutputProperty().get();
        if (!dir.isEmpty()) {
            folderOpener.accept(Path.of(dir));
        }
    }

    /** A progress bar with the percentage beside it. */
    private static final class ProgressCell extends TableCell<JobRow, Number> {
        private final ProgressBar bar = new ProgressBar();
        private final Label percent = new Label();
        private final HBox box = new HBox(6, new StackPane(bar), percent);

        ProgressCell() {
            bar.setPrefWidth(80);
            bar.setMinWidth(40);
            percent.setMinWidth(Label.USE_PREF_SIZE); // "100%" whole: the bar gives way (it showed "10…" in a real window)
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Number value, boolean empty) {
            super.updateItem(value, empty);
            if (empty || value == null) {
                setGraphic(null);
                return;
            }
            bar.setProgress(value.doubleValue());
            percent.setText(Math.round(value.doubleValue() * 100) + "%");
            setGraphic(box);
        }
    }
}
