package org.riskbench.ui.calibration;

import org.riskbench.engine.calibration.ScoreHeatMap;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.riskbench.app.CalibrationRunView;
import org.riskbench.app.CalibrationRunView.Point;
import org.riskbench.core.model.RunRecord;
import org.riskbench.engine.acceptance.ParameterPath;
import org.riskbench.engine.acceptance.ProfileLoader;
import org.riskbench.ui.shell.ErrorDialog;
import org.riskbench.ui.shell.FileChoosers;
import org.riskbench.ui.shell.RunListCell;

/** Thin controller of CalibrationView.fxml: binds the editors and the explorer to {@link CalibrationViewModel}. */
public final class CalibrationController {
    private static final List<String> PATHS = ProfileLoader.parameterPaths().stream().map(ParameterPath::path).toList();
    private static final List<String> TABLE_METRICS = List.of("pass_share", "block_share", "coverage_abs_err", "flap_rate_k");

    private final CalibrationViewModel vm;
    private final Path workspace;
    final HeatMap heatMap = new HeatMap();
    final ParallelCoordinates parallel = new ParallelCoordinates();
    final ParetoPlot pareto = new ParetoPlot();

    @FXML BorderPane root;
    @FXML Label titleLabel;
    @FXML Label seriesLabel;
    @FXML Label profileLabel;
    @FXML ComboBox<String> profileCombo;
    @FXML Button defaultsButton;
    @FXML VBox gridRowsBox;
    @FXML Label gridMessage;
    @FXML TextField weightsField;
    @FXML Label weightsHint;
    @FXML Label weightsError;
    @FXML TextField constraintsField;
    @FXML Label constraintsError;
    @FXML TextField topKField;
    @FXML Label topKError;
    /** The fields marked invalid beside their sentences. */
    org.riskbench.ui.shell.FieldValidation fieldValidation;
    @FXML Button runButton;
    @FXML Button cancelButton;
    @FXML HBox progressBox;
    @FXML ProgressBar progressBar;
    @FXML Label progressLabel;
    @FXML Label runMessage;
    @FXML ListView<RunRecord> runsList;
    @FXML VBox emptyState;
    @FXML Label emptyText;
    @FXML SplitPane resultPane;
    @FXML Label summaryLabel;
    @FXML TextField filterField;
    @FXML CheckBox feasibleOnly;
    @FXML TableView<Point> resultsTable;
    @FXML ListView<CalibrationRunView.Ranked> topKList;
    @FXML Label selectedTitle;
    @FXML TextArea patchArea;
    @FXML Button applyButton;
    @FXML Button acceptanceButton;
    @FXML ComboBox<String> heatXCombo;
    @FXML ComboBox<String> heatYCombo;
    @FXML FlowPane fixedBox;
    @FXML StackPane heatHolder;
    @FXML StackPane paretoHolder;
    @FXML StackPane parallelHolder;
    @FXML ProgressIndicator loadingIndicator;
    @FXML ListView<String> pathSuggestions;
    private TextField suggestionTarget;
    private boolean syncing;

    @FXML javafx.scene.layout.StackPane runOnHolder;

    CalibrationController(CalibrationViewModel vm, Path workspace) {
        this.vm = vm;
        this.workspace = workspace;
    }

    @FXML
    void initialize() {
        runOnHolder.getChildren().setAll(vm.runOn().bar(null));
        org.riskbench.ui.shell.Columns.keepHeadersWhole(resultsTable);
        FileChoosers.showChosen(seriesLabel, vm.seriesFileProperty(), "no series chosen");
        FileChoosers.showChosen(profileLabel, vm.profileFileProperty(), "defaults (no file)");
        defaultsButton.disableProperty().bind(vm.profileFileProperty().isNull());
        profileCombo.setItems(vm.profileNames());
        profileCombo.valueProperty().bindBidirectional(vm.profileNameProperty());
        profileCombo.disableProperty().bind(vm.profileFileProperty().isNull());

        vm.gridRows().addListener((javafx.collections.ListChangeListener<GridRow>) c -> {
            boolean structural = false;
            while (c.next()) {
                structural |= !c.wasUpdated();
            }
            if (structural) {
                rebuildGridRows(); // not on edits inside a row: that would replace the field being typed in
            }
        });
        rebuildGridRows();
        pathSuggestions.setOnMouseClicked(e -> pickSuggestion());
        pathSuggestions.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                pickSuggestion();
            } else if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                hideSuggestions();
            }
        });
        pathSuggestions.focusedProperty().addListener((o, a, focused) -> {
            if (!focused && (suggestionTarget == null || !suggestionTarget.isFocused())) {
                hideSuggestions();
            }
        });
        gridMessage.textProperty().bind(vm.gridMessageProperty());
        vm.gridValidProperty().addListener((o, a, ok) -> styleGridMessage());
        vm.gridMessageProperty().addListener((o, a, b) -> styleGridMessage());
        styleGridMessage();
        weightsField.textProperty().bindBidirectional(vm.weightsProperty());
        weightsField.setPromptText(CalibrationViewModel.DEFAULT_WEIGHTS);
        weightsHint.setText("Empty: the profile's calibration.objective_weights, else the spec's defaults "
                + CalibrationViewModel.DEFAULT_WEIGHTS + ". Absent keys weigh 0.");
        bindError(weightsError, vm.weightsErrorProperty());
        constraintsField.textProperty().bindBidirectional(vm.constraintsProperty());
        bindError(constraintsError, vm.constraintsErrorProperty());
        topKField.textProperty().bindBidirectional(vm.topKProperty());
        bindError(topKError, vm.topKErrorProperty());
        // The refused field is marked too (ControlsFX decoration, the sentence as its tooltip).
        fieldValidation = new org.riskbench.ui.shell.FieldValidation()
                .whileNotEmpty(weightsField, vm.weightsErrorProperty())
                .whileNotEmpty(constraintsField, vm.constraintsErrorProperty())
                .whileNotEmpty(topKField, vm.topKErrorProperty());

        runButton.disableProperty().bind(vm.canRunBinding().not());
        vm.job().showOn(cancelButton, progressBox, progressBar, progressLabel, runMessage);

        runsList.setItems(vm.runs());
        RunListCell.use(runsList);
        String firstTime = emptyText.getText();
        emptyText.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.runs().isEmpty() ? firstTime
                : "Select a previous calibration on the left to explore it, or set up a grid and Run.", vm.runs()));
        runsList.setPlaceholder(new Label("No calibrations in this workspace yet."));
        runsList.getSelectionModel().selectedItemProperty().addListener((o, a, run) -> vm.open(run));

        filterField.textProperty().bindBidirectional(vm.filterTextProperty());
        feasibleOnly.selectedProperty().bindBidirectional(vm.feasibleOnlyProperty());
        resultsTable.setItems(vm.sortedPoints());
        vm.sortedPoints().comparatorProperty().bind(resultsTable.comparatorProperty());
        resultsTable.setPlaceholder(new Label("No point matches the filter."));
        resultsTable.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> {
            if (p != null && !syncing) {
                vm.select(p.point());
            }
        });
        topKList.setCellFactory(l -> new RankedCell());
        topKList.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null && !syncing) {
                vm.select(r.point());
            }
        });
        selectedTitle.textProperty().bind(vm.selectedTitleProperty());
        patchArea.textProperty().bind(vm.patchYamlProperty());
        applyButton.disableProperty().bind(vm.selectedPointProperty().lessThan(0));
        acceptanceButton.disableProperty().bind(vm.selectedPointProperty().lessThan(0));
        vm.selectedPointProperty().addListener((o, a, p) -> onSelected(p.intValue()));

        // a click on a heat map cell (its best point) or a Pareto point selects that point in every view
        heatMap.setOnPick(vm::select);
        pareto.setOnPick(vm::select);
        heatHolder.getChildren().setAll(heatMap);
        paretoHolder.getChildren().setAll(pareto);
        parallelHolder.getChildren().setAll(parallel);
        heatXCombo.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (!syncing && i.intValue() >= 0) {
                vm.heatXProperty().set(i.intValue());
                rebuildFixed();
            }
        });
        heatYCombo.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (!syncing && i.intValue() >= 0) {
                vm.heatYProperty().set(i.intValue());
                rebuildFixed();
            }
        });
        vm.heatMapProperty().addListener((o, a, data) -> heatMap.show(data, vm.selectedPointProperty().get()));

        loadingIndicator.visibleProperty().bind(vm.loadingProperty());
        vm.loadedProperty().addListener((o, a, run) -> show(run));
        ErrorDialog.showEach(vm.lastErrorProperty(), root, "Calibration action failed");
    }

    private static void bindError(Label label, javafx.beans.value.ObservableStringValue error) {
        label.textProperty().bind(error);
        label.managedProperty().bind(label.textProperty().isNotEmpty());
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
    }

    private void styleGridMessage() {
        gridMessage.getStyleClass().removeAll("error-text", "grid-ok", "hint-text");
        boolean noRows = vm.gridRows().stream().allMatch(GridRow::isBlank);
        gridMessage.getStyleClass().add(noRows ? "hint-text" : vm.gridValidProperty().get() ? "grid-ok" : "error-text");
    }

    // ---- grid editor --------------------------------------------------------------------------

    private void rebuildGridRows() {
        gridRowsBox.getChildren().clear();
        int i = 0;
        for (GridRow row : vm.gridRows()) {
            TextField path = new TextField();
            path.setId("gridPath" + i);
            path.setPromptText("e.g. kappa.tau_pass");
            path.textProperty().bindBidirectional(row.pathProperty());
            // wide enough for the longest profile paths (guards.latency_p95.soft) and a few values: they were cut
            path.setPrefColumnCount(13);
            path.setMinWidth(205);
            completion(path);
            TextField values = new TextField();
            values.setId("gridValues" + i);
            values.setPromptText("e.g. 0.4,0.5");
            values.textProperty().bindBidirectional(row.valuesProperty());
            values.setPrefColumnCount(11);
            values.setMinWidth(170); // "250.0,300.0,350.0" whole
            path.tooltipProperty().bind(path.textProperty().map(t -> t.isEmpty() ? null : new Tooltip(t)));
            values.tooltipProperty().bind(values.textProperty().map(t -> t.isEmpty() ? null : new Tooltip(t)));
            HBox.setHgrow(path, Priority.SOMETIMES);
            HBox.setHgrow(values, Priority.ALWAYS);
            Button remove = new Button(null, new FontIcon("mdi2c-close"));
            remove.getStyleClass().addAll("flat", "small");
            remove.setTooltip(new Tooltip("Remove this row"));
            remove.setOnAction(e -> vm.removeGridRow(row));
            HBox line = new HBox(4, path, new Label("="), values, remove);
            line.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            gridRowsBox.getChildren().add(line);
            i++;
        }
    }

    /**
     * Suggests profile parameter paths containing the text typed in a path field, in a list under the grid
     * rows (not a popup, so typing goes on undisturbed); a click or Enter on the list picks one.
     */
    private void completion(TextField field) {
        field.textProperty().addListener((o, a, text) -> {
            if (field.isFocused()) {
                suggest(field, text);
            }
        });
        field.focusedProperty().addListener((o, a, focused) -> {
            if (focused) {
                suggest(field, field.getText());
            } else if (!pathSuggestions.isFocused()) {
                hideSuggestions();
            }
        });
        field.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.DOWN && pathSuggestions.isVisible()) {
                pathSuggestions.requestFocus();
                pathSuggestions.getSelectionModel().selectFirst();
            }
        });
    }

    private void suggest(TextField field, String text) {
        String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        List<String> hits = needle.isEmpty() ? List.of()
                : PATHS.stream().filter(p -> p.toLowerCase(Locale.ROOT).contains(needle) && !p.equalsIgnoreCase(needle)).toList();
        suggestionTarget = field;
        pathSuggestions.getItems().setAll(hits);
        pathSuggestions.setVisible(!hits.isEmpty());
        pathSuggestions.setManaged(!hits.isEmpty());
    }

    private void hideSuggestions() {
        pathSuggestions.setVisible(false);
        pathSuggestions.setManaged(false);
    }

    private void pickSuggestion() {
        String path = pathSuggestions.getSelectionModel().getSelectedItem();
        if (path != null && suggestionTarget != null) {
            TextField target = suggestionTarget;
            target.setText(path);
            hideSuggestions();
            target.requestFocus();
            target.positionCaret(path.length());
        }
    }

    // ---- explorer -----------------------------------------------------------------------------

    private void show(CalibrationRunView run) {
        boolean has = run != null;
        emptyState.setVisible(!has);
        resultPane.setVisible(has);
        if (!has) {
            return;
        }
        // a run in its own runs/<id> folder is named by its id (the whole path cut the line); a folder the user
        // named is shown too; the tooltip always holds the folder
        String folder = String.valueOf(run.outputDir());
        boolean ownFolder = run.runId() != null && run.outputDir() != null
                && java.nio.file.Path.of(folder).getFileName().toString().equals(run.runId());
        titleLabel.setText(run.runId() == null ? folder : ownFolder ? run.runId() : run.runId() + "  ·  " + folder);
        titleLabel.setTooltip(new Tooltip(folder));
        summaryLabel.setText(String.format(Locale.ROOT, "%d points · %d feasible · %d on the Pareto front  ·",
                run.points().size(), run.feasibleCount(), run.pareto().size()));
        buildColumns(run);
        topKList.setItems(FXCollections.observableArrayList(run.topK()));
        syncing = true;
        heatXCombo.setItems(FXCollections.observableArrayList(run.gridPaths()));
        heatYCombo.setItems(FXCollections.observableArrayList(run.gridPaths()));
        heatXCombo.getSelectionModel().select(vm.heatXProperty().get());
        heatYCombo.getSelectionModel().select(vm.heatYProperty().get());
        syncing = false;
        rebuildFixed();
        heatMap.show(vm.heatMapProperty().get(), vm.selectedPointProperty().get());
        parallel.show(run, vm.selectedPointProperty().get());
        pareto.show(run, vm.selectedPointProperty().get());
        onSelected(vm.selectedPointProperty().get());
    }

    private void rebuildFixed() {
        CalibrationRunView run = vm.loadedProperty().get();
        fixedBox.getChildren().clear();
        if (run == null) {
            return;
        }
        for (int j = 0; j < run.gridPaths().size(); j++) {
            if (j == vm.heatXProperty().get() || j == vm.heatYProperty().get()) {
                continue;
            }
            String path = run.gridPaths().get(j);
            ComboBox<String> choice = new ComboBox<>(FXCollections.observableArrayList(vm.fixChoices(j)));
            choice.setValue(ScoreHeatMap.BEST);
            choice.getStyleClass().add("small");
            choice.valueProperty().addListener((o, a, v) -> vm.fix(path, v));
            vm.fix(path, ScoreHeatMap.BEST);
            HBox box = new HBox(4, new Label(path), choice);
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            fixedBox.getChildren().add(box);
        }
    }

    private void buildColumns(CalibrationRunView run) {
        resultsTable.getColumns().clear();
        resultsTable.getColumns().add(numberColumn("point", p -> (double) p.point()));
        // the score and feasibility the table is sorted by come first, before any number of grid parameters
        TableColumn<Point, Double> score = numberColumn("score", Point::score);
        resultsTable.getColumns().add(score);
        TableColumn<Point, String> feasible = new TableColumn<>("feasible");
        feasible.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().feasible() ? "yes" : "no"));
        resultsTable.getColumns().add(feasible);
        for (int j = 0; j < run.gridPaths().size(); j++) {
            int index = j;
            TableColumn<Point, Double> col = numberColumn(run.gridPaths().get(j), p -> parse(p.params().get(index)));
            col.setCellFactory(c -> new TableCell<>() {
                @Override
                protected void updateItem(Double v, boolean empty) {
                    super.updateItem(v, empty);
                    Point p = empty || getTableRow() == null ? null : getTableRow().getItem();
                    setText(p == null ? null : p.params().get(index));
                }
            });
            resultsTable.getColumns().add(col);
        }
        for (String m : TABLE_METRICS) {
            resultsTable.getColumns().add(numberColumn(m, p -> run.metric(p, m)));
        }
        TableColumn<Point, String> failed = new TableColumn<>("failed constraints");
        failed.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.join(", ", c.getValue().failed())));
        resultsTable.getColumns().add(failed);
        score.setSortType(TableColumn.SortType.DESCENDING);
        resultsTable.getSortOrder().setAll(List.of(score));
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return "true".equals(text) ? 1 : 0;
        }
    }

    private static TableColumn<Point, Double> numberColumn(String name, java.util.function.ToDoubleFunction<Point> value) {
        TableColumn<Point, Double> col = new TableColumn<>(name);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.applyAsDouble(c.getValue())));
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : CalibrationViewModel.num(v));
            }
        });
        col.getStyleClass().add("number-column");
        return col;
    }

    private void onSelected(int point) {
        CalibrationRunView run = vm.loadedProperty().get();
        if (run == null) {
            return;
        }
        syncing = true;
        try {
            Point row = resultsTable.getItems().stream().filter(p -> p.point() == point).findFirst().orElse(null);
            if (row != null && resultsTable.getSelectionModel().getSelectedItem() != row) {
                resultsTable.getSelectionModel().select(row);
                resultsTable.scrollTo(row); // picked on a chart, or a newly loaded run: show its row
            }
            CalibrationRunView.Ranked ranked = topKList.getItems().stream().filter(r -> r.point() == point).findFirst().orElse(null);
            if (ranked == null) {
                topKList.getSelectionModel().clearSelection();
            } else if (topKList.getSelectionModel().getSelectedItem() != ranked) {
                topKList.getSelectionModel().select(ranked);
                topKList.scrollTo(ranked);
            }
        } finally {
            syncing = false;
        }
        heatMap.show(vm.heatMapProperty().get(), point);
        parallel.show(run, point);
        pareto.show(run, point);
    }

    // ---- actions ------------------------------------------------------------------------------

    @FXML
    void chooseSeries() {
        FileChoosers.choose(root, "Choose a series CSV", vm.seriesFileProperty().get(), "sample-data/series", workspace,
                FileChoosers.CSV, vm::setSeries);
    }

    @FXML
    void chooseProfile() {
        FileChoosers.choose(root, "Choose a profile YAML", vm.profileFileProperty().get(), "sample-data/profiles", workspace,
                FileChoosers.YAML, vm::setProfileFile);
    }

    @FXML
    void useDefaults() {
        vm.setProfileFile(null);
    }

    @FXML
    void addRow() {
        vm.addGridRow("", "");
    }

    @FXML
    void loadGrid() {
        FileChoosers.choose(root, "Load a grid file", null, "sample-data/grids", workspace,
                new FileChooser.ExtensionFilter("Grid files", "*.txt", "*.yaml", "*.yml", "*.json"), vm::loadGridFile);
    }

    @FXML
    void run() {
        vm.run();
    }

    @FXML
    void cancel() {
        vm.cancel();
    }

    @FXML
    void applyToProfile() {
        CalibrationRunView run = vm.loadedProperty().get();
        if (run == null) {
            return;
        }
        // an infeasible point breaks a hard constraint: possible to write, but only on purpose
        var point = run.point(vm.selectedPointProperty().get());
        if (point.isPresent() && !point.get().feasible()) {
            javafx.scene.control.Alert confirm = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                    "Point " + point.get().point() + " is infeasible: it fails " + String.join(", ", point.get().failed())
                            + ". Write a profile with its values anyway?",
                    javafx.scene.control.ButtonType.CANCEL, javafx.scene.control.ButtonType.OK);
            confirm.setHeaderText("Apply an infeasible point?");
            confirm.initOwner(root.getScene().getWindow());
            if (confirm.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isEmpty()) {
                return;
            }
        }
        FileChooser chooser = FileChoosers.startingAt("Save the patched profile as", run.profilePath(), "sample-data/profiles", workspace);
        chooser.getExtensionFilters().add(FileChoosers.YAML);
        String base = run.profilePath() == null ? "profile" : run.profilePath().getFileName().toString().replaceFirst("\\.ya?ml$", "");
        chooser.setInitialFileName(base + "-p" + vm.selectedPointProperty().get() + ".yaml");
        File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            vm.applyToProfile(file.toPath());
        }
    }

    @FXML
    void openInAcceptance() {
        vm.openInAcceptance();
    }


    /** A top-K entry: rank, point, score. */
    private static final class RankedCell extends ListCell<CalibrationRunView.Ranked> {
        @Override
        protected void updateItem(CalibrationRunView.Ranked r, boolean empty) {
            super.updateItem(r, empty);
            setText(empty || r == null ? null : "#" + r.rank() + "  point " + r.point() + "  score " + CalibrationViewModel.num(r.score())
                    + (r.feasible() ? "" : "  (infeasible)"));
        }
    }
}
