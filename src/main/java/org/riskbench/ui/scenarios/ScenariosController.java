package org.riskbench.ui.scenarios;

import java.io.File;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.riskbench.app.ScenarioRunView;
import org.riskbench.core.model.RunRecord;
import org.riskbench.engine.scenario.ScenarioMetrics;
import org.riskbench.ui.shell.ErrorDialog;

/** Thin controller of ScenariosView.fxml: binds the view to {@link ScenariosViewModel}. */
public final class ScenariosController {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String NO_RUNS = "No scenario runs yet: fill the form or load sample-data/scenarios/blrm.yaml and press Run.";

    private final ScenariosViewModel vm;

    @FXML BorderPane root;
    @FXML TextField nameField;
    @FXML CheckBox syntheticCheck;
    @FXML TextField inputField;
    @FXML Button browseButton;
    @FXML TextField outputField;
    @FXML TextField targetField;
    @FXML TextField nScenariosField;
    @FXML TextField seedField;
    @FXML TextField shockSdField;
    @FXML CheckBox bootstrapCheck;
    @FXML TextField hitBandField;
    @FXML TextField ridgeField;
    @FXML TextField maxRuntimeField;
    @FXML ComboBox<String> bestByCombo;
    @FXML Label validationLabel;
    @FXML Label noticeLabel;
    @FXML Button runButton;
    @FXML Button loadButton;
    @FXML VBox progressBox;
    @FXML ProgressBar progressBar;
    @FXML Label progressLabel;
    @FXML Button cancelButton;
    @FXML Label jobErrorLabel;
    @FXML ListView<RunRecord> runList;
    @FXML VBox resultPane;
    @FXML Label resultTitle;
    @FXML Label resultMessage;
    @FXML Label cardRows;
    @FXML Label cardScenarios;
    @FXML Label cardMeanAvgScore;
    @FXML Label cardMeanPHit;
    @FXML Label cardBest;
    @FXML Label cardBestDetail;
    @FXML BoxPlot boxPlot;
    @FXML Label modelFitLabel;
    @FXML TableView<ScenarioRunView.Coefficient> coefTable;
    @FXML TableView<ScenarioMetrics> runsTable;
    @FXML VBox emptyPane;
    @FXML Label emptyTitle;
    @FXML Label emptyText;
    @FXML ComboBox<RunRecord> compareACombo;
    @FXML ComboBox<RunRecord> compareBCombo;
    @FXML Label compareMessage;
    @FXML TableView<ScenariosViewModel.CompareRow> compareTable;
    @FXML BoxPlot compareAPlot;
    @FXML BoxPlot compareBPlot;

    /** The fields marked invalid (ControlsFX decorations beside the form's sentence). */
    org.riskbench.ui.shell.FieldValidation fieldValidation;

    ScenariosController(ScenariosViewModel vm) {
        this.vm = vm;
    }

    @FXML javafx.scene.layout.StackPane runOnHolder;

    @FXML
    void initialize() {
        runOnHolder.getChildren().setAll(vm.runOn().bar(null));
        org.riskbench.ui.shell.Columns.keepHeadersWhole(coefTable);
        org.riskbench.ui.shell.Columns.keepHeadersWhole(runsTable);
        org.riskbench.ui.shell.Columns.keepHeadersWhole(compareTable);
        bindForm();
        bindJob();
        bindRuns();
        bindResults();
        bindCompare();
        ErrorDialog.showEach(vm.lastErrorProperty(), root, "Scenarios: the action failed");
    }

    private void bindForm() {
        nameField.textProperty().bindBidirectional(vm.nameProperty());
        syntheticCheck.selectedProperty().bindBidirectional(vm.syntheticProperty());
        inputField.textProperty().bindBidirectional(vm.inputPathProperty());
        inputField.disableProperty().bind(vm.syntheticProperty());
        browseButton.disableProperty().bind(vm.syntheticProperty());
        outputField.textProperty().bindBidirectional(vm.outputDirProperty());
        targetField.textProperty().bindBidirectional(vm.targetProperty());
        nScenariosField.textProperty().bindBidirectional(vm.nScenariosProperty());
        seedField.textProperty().bindBidirectional(vm.seedProperty());
        shockSdField.textProperty().bindBidirectional(vm.shockSdProperty());
        bootstrapCheck.selectedProperty().bindBidirectional(vm.bootstrapProperty());
        hitBandField.textProperty().bindBidirectional(vm.hitBandProperty());
        ridgeField.textProperty().bindBidirectional(vm.ridgeProperty());
        maxRuntimeField.textProperty().bindBidirectional(vm.maxRuntimeSecProperty());
        bestByCombo.setItems(vm.bestByChoices());
        bestByCombo.valueProperty().bindBidirectional(vm.bestByProperty());
        validationLabel.textProperty().bind(vm.validationMessageProperty());
        showWhenText(validationLabel);
        // The field the message is about is marked too (its keys are the config's, quoted in the message).
        fieldValidation = new org.riskbench.ui.shell.FieldValidation()
                .whileQuoted(nameField, "name", vm.validationMessageProperty())
                .whileQuoted(inputField, "input_path", vm.validationMessageProperty())
                .whileQuoted(outputField, "output_dir", vm.validationMessageProperty())
                .whileQuoted(targetField, "target", vm.validationMessageProperty())
                .whileQuoted(nScenariosField, "n_scenarios", vm.validationMessageProperty())
                .whileQuoted(seedField, "seed", vm.validationMessageProperty())
                .whileQuoted(shockSdField, "shock_sd", vm.validationMessageProperty())
                .whileQuoted(hitBandField, "hit_band", vm.validationMessageProperty())
                .whileQuoted(ridgeField, "ridge", vm.validationMessageProperty())
                .whileQuoted(maxRuntimeField, "max_runtime_sec", vm.validationMessageProperty());
        noticeLabel.textProperty().bind(vm.formNoticeProperty());
        runButton.disableProperty().bind(vm.canRunProperty().not());
    }

    private void bindJob() {
        progressBox.visibleProperty().bind(vm.runningProperty());
        progressBox.managedProperty().bind(vm.runningProperty());
        progressBar.progressProperty().bind(vm.progressProperty());
        progressLabel.textProperty().bind(vm.progressTextProperty());
        jobErrorLabel.textProperty().bind(vm.jobErrorProperty());
        showWhenText(jobErrorLabel);
        loadButton.disableProperty().bind(vm.runningProperty());
    }

    private void bindRuns() {
        runList.setItems(vm.runs());
        runList.setCellFactory(l -> new RunCell());
        Label empty = new Label("No runs yet");
        empty.getStyleClass().add("text-muted");
        runList.setPlaceholder(empty);
        runList.getSelectionModel().selectedItemProperty().addListener((o, a, run) -> {
            if (run != null) {
                vm.selectedRunProperty().set(run);
            }
        });
        vm.runs().addListener((javafx.collections.ListChangeListener<RunRecord>) change -> {
            RunRecord selected = vm.selectedRunProperty().get();
            if (selected != null && vm.runs().contains(selected)) {
                runList.getSelectionModel().select(selected);
            }
        });
        vm.selectedRunProperty().addListener((o, a, run) -> {
            if (run != null && run != runList.getSelectionModel().getSelectedItem()) {
                runList.getSelectionModel().select(run);
            }
        });
    }

    private void bindResults() {
        resultPane.visibleProperty().bind(vm.resultProperty().isNotNull());
        emptyPane.visibleProperty().bind(vm.resultProperty().isNull());
        emptyTitle.textProperty().bind(Bindings.createStringBinding(
                () -> vm.runs().isEmpty() ? "No scenario runs yet" : vm.resultMessageProperty().get().isEmpty()
                        ? "Select a run" : "No results for this run", vm.runs(), vm.resultMessageProperty()));
        emptyText.textProperty().bind(Bindings.createStringBinding(
                () -> vm.runs().isEmpty() ? NO_RUNS : vm.resultMessageProperty().get().isEmpty()
                        ? "Pick a run under \"Past runs\" to see its scenarios, score distributions and model."
                        : vm.resultMessageProperty().get(), vm.runs(), vm.resultMessageProperty()));
        resultTitle.textProperty().bind(vm.resultTitleProperty());
        resultMessage.textProperty().bind(vm.resultMessageProperty());
        showWhenText(resultMessage);
        cardRows.textProperty().bind(vm.cardRowsProperty());
        cardScenarios.textProperty().bind(vm.cardScenariosProperty());
        cardMeanAvgScore.textProperty().bind(vm.cardMeanAvgScoreProperty());
        cardMeanPHit.textProperty().bind(vm.cardMeanPHitProperty());
        cardBest.textProperty().bind(vm.cardBestProperty());
        cardBestDetail.textProperty().bind(Bindings.createStringBinding(() -> vm.cardBestDetailProperty().get().isEmpty()
                ? "best scenario" : "best scenario " + vm.cardBestDetailProperty().get(), vm.cardBestDetailProperty()));
        modelFitLabel.textProperty().bind(vm.modelFitProperty());
        vm.resultProperty().addListener((o, a, view) -> boxPlot.setData(
                "Score distribution per scenario", view == null ? List.of() : view.scenarios(),
                view == null ? null : view.summary().bestScenarioId()));

        coefTable.setItems(vm.coefficients());
        coefTable.getColumns().setAll(List.of(
                textColumn("feature", 90, ScenarioRunView.Coefficient::feature),
                numberColumn("coefficient", 90, c -> c.value()),
                numberColumn("std error", 80, ScenarioRunView.Coefficient::stdError),
                textColumn("t", 56, c -> c.stdError() == null || c.stdError() == 0 ? ScenariosViewModel.DASH
                        : String.format(java.util.Locale.ROOT, "%.2f", c.value() / c.stdError()))));
        double[] coefWidths = {80, 92, 82, 58};
        for (int i = 0; i < coefWidths.length; i++) {
            coefTable.getColumns().get(i).setPrefWidth(coefWidths[i]);
        }
        coefTable.setPlaceholder(new Label("No coefficients"));

        runsTable.setItems(vm.resultRows());
        runsTable.setPlaceholder(new Label("No scenarios completed"));
        runsTable.getColumns().setAll(List.of(
                numberColumn("scenario_id", 80, m -> (double) m.scenarioId()),
                numberColumn("seed", 60, m -> (double) m.seed()),
                numberColumn("num_rows", 70, m -> (double) m.numRows()),
                numberColumn("avg_score", 80, ScenarioMetrics::avgScore),
                numberColumn("max_score", 80, ScenarioMetrics::maxScore),
                numberColumn("min_score", 80, ScenarioMetrics::minScore),
                numberColumn("score_p05", 80, ScenarioMetrics::scoreP05),
                numberColumn("score_p50", 80, ScenarioMetrics::scoreP50),
                numberColumn("score_p95", 80, ScenarioMetrics::scoreP95),
                numberColumn("es_95", 80, ScenarioMetrics::es95),
                numberColumn("rmse", 70, ScenarioMetrics::rmse),
                numberColumn("mae", 70, ScenarioMetrics::mae),
                numberColumn("p_hit", 60, ScenarioMetrics::pHit),
                numberColumn("num_hits", 70, m -> (double) m.numHits()),
                numberColumn("runtime_sec", 80, ScenarioMetrics::runtimeSec)));
    }

    private void bindCompare() {
        StringConverter<RunRecord> names = new StringConverter<>() {
            @Override
            public String toString(RunRecord r) {
                return r == null ? "" : runLabel(r);
            }

            @Override
            public RunRecord fromString(String s) {
                return null;
            }
        };
        for (ComboBox<RunRecord> combo : List.of(compareACombo, compareBCombo)) {
            combo.setItems(vm.runs());
            combo.setConverter(names);
            combo.setPromptText("pick a run");
        }
        compareACombo.valueProperty().bindBidirectional(vm.compareAProperty());
        compareBCombo.valueProperty().bindBidirectional(vm.compareBProperty());
        compareMessage.textProperty().bind(vm.compareMessageProperty());
        showWhenText(compareMessage);
        compareTable.setItems(vm.compareRows());
        compareTable.setPlaceholder(new Label("Pick two runs above to compare their summaries and score distributions."));
        compareTable.getColumns().setAll(List.of(
                textColumn("metric", 160, ScenariosViewModel.CompareRow::metric),
                textColumn("run A", 160, ScenariosViewModel.CompareRow::a),
                textColumn("run B", 160, ScenariosViewModel.CompareRow::b),
                textColumn("B − A", 120, ScenariosViewModel.CompareRow::difference)));
        Runnable redraw = () -> {
            ScenarioRunView a = vm.compareViewAProperty().get();
            ScenarioRunView b = vm.compareViewBProperty().get();
            List<ScenarioMetrics> sa = a == null ? List.of() : a.scenarios();
            List<ScenarioMetrics> sb = b == null ? List.of() : b.scenarios();
            double[] ra = BoxPlot.range(sa);
            double[] rb = BoxPlot.range(sb);
            double lo = Math.min(ra[0], rb[0]);
            double hi = Math.max(ra[1], rb[1]);
            boolean shared = Double.isFinite(lo) && Double.isFinite(hi);
            compareAPlot.setYRange(shared ? lo : Double.NaN, shared ? hi : Double.NaN);
            compareBPlot.setYRange(shared ? lo : Double.NaN, shared ? hi : Double.NaN);
            compareAPlot.setData("A: " + (a == null ? "" : a.summary().configName()), sa, a == null ? null : a.summary().bestScenarioId());
            compareBPlot.setData("B: " + (b == null ? "" : b.summary().configName()), sb, b == null ? null : b.summary().bestScenarioId());
        };
        vm.compareViewAProperty().addListener((o, x, y) -> redraw.run());
        vm.compareViewBProperty().addListener((o, x, y) -> redraw.run());
        redraw.run();
    }

    private static void showWhenText(Label label) {
        label.managedProperty().bind(label.textProperty().isNotEmpty());
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
    }

    static String runLabel(RunRecord r) {
        return (r.name() == null ? r.id() : r.name()) + " · " + (r.startedAt() == null ? "" : TIME.format(r.startedAt()))
                + " · " + r.status();
    }

    private static <T> TableColumn<T, String> textColumn(String title, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    private static <T> TableColumn<T, Double> numberColumn(String title, double width, Function<T, Double> value) {
        TableColumn<T, Double> c = new TableColumn<>(title);
        c.setPrefWidth(Math.max(width, 8.5 * title.length() + 24));
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : ScenariosViewModel.num(item));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        return c;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    @FXML
    void loadConfig() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Load a scenario config");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Scenario configs (*.yaml, *.yml, *.json)",
                "*.yaml", "*.yml", "*.json"), new FileChooser.ExtensionFilter("All files", "*.*"));
        File file = chooser.showOpenDialog(window());
        if (file != null) {
            vm.loadConfig(file.toPath());
        }
    }

    @FXML
    void browseInput() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose the input CSV");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV tables (*.csv)", "*.csv"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File file = chooser.showOpenDialog(window());
        if (file != null) {
            vm.inputPathProperty().set(file.getAbsolutePath());
        }
    }

    @FXML
    void run() {
        vm.run();
    }

    @FXML
    void cancel() {
        vm.cancel();
    }

    /** A past run: name and status chip, then start time and id. */
    private static final class RunCell extends ListCell<RunRecord> {
        private final Label title = new Label();
        private final Label chip = new Label();
        private final Label detail = new Label();
        private final VBox box;

        RunCell() {
            title.getStyleClass().add("run-item-title");
            detail.getStyleClass().add("run-item-detail");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox top = new HBox(6, title, spacer, chip);
            top.setAlignment(Pos.CENTER_LEFT);
            box = new VBox(2, top, detail);
            title.setMinWidth(0);
            detail.setMinWidth(0);
            chip.setMinWidth(Region.USE_PREF_SIZE);
            setPrefWidth(0); // fit the list's width: no horizontal scrolling
        }

        @Override
        protected void updateItem(RunRecord r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            title.setText(r.name() == null ? r.id() : r.name());
            org.riskbench.ui.shell.StatusChipCell.style(chip, r.status());
            // the id alone (it holds the start's date and time): beside a formatted time it was cut at its unique tail
            detail.setText(r.id());
            setTooltip(new javafx.scene.control.Tooltip(r.id() + (r.startedAt() == null ? "" : "\nstarted " + TIME.format(r.startedAt()))
                    + (r.errorMessage() == null ? "" : "\n" + r.errorMessage())));
            setText(null);
            setGraphic(box);
        }
    }
}
