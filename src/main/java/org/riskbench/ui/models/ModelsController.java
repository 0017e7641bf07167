package org.riskbench.ui.models;

import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.riskbench.app.RetrainingService.ModelView;
import org.riskbench.app.RetrainingService.RequestView;
import org.riskbench.app.RetrainingService.RunView;
import org.riskbench.ui.shell.Columns;
import org.riskbench.ui.shell.ErrorDialog;

/** Thin controller of ModelsView.fxml: binds the three tables and the buttons to {@link ModelsViewModel}. */
public final class ModelsController {
    private final ModelsViewModel vm;

    @FXML BorderPane root;
    @FXML Label summaryLabel;
    @FXML Label messageLabel;
    @FXML CheckBox fineTuneBox;
    @FXML Button retrainButton;
    @FXML Button activateButton;
    @FXML Button rollbackButton;
    @FXML TableView<ModelView> modelsTable;
    @FXML TableView<RunView> runsTable;
    @FXML TableView<RequestView> requestsTable;
    @FXML TextField requestReasonField;
    @FXML Button requestButton;
    @FXML Button newModelButton;
    @FXML Button evaluationButton;
    private final GeneralModels general;

    /**
     * What the general-model windows need: the service, the jobs to follow, where a scoring writes (by job id) and
     * what opens a results folder. Null: the buttons stay disabled.
     */
    record GeneralModels(org.riskbench.app.TabularService tabular, org.riskbench.jobs.JobService jobs,
                         Function<String, java.nio.file.Path> outputFolder, java.util.function.Consumer<java.nio.file.Path> opener) {
    }

    ModelsController(ModelsViewModel vm, GeneralModels general) {
        this.vm = vm;
        this.general = general;
    }

    @FXML
    void initialize() {
        summaryLabel.textProperty().bind(vm.summaryProperty());
        messageLabel.textProperty().bind(vm.messageProperty());
        fineTuneBox.selectedProperty().bindBidirectional(vm.fineTuneProperty());

        modelsTable.setItems(vm.models());
        modelsTable.setPlaceholder(empty("No model yet", "Scoring a file trains the default model; it appears here.\nOr train one on any labelled table: New model from a table…"));
        modelsTable.getColumns().setAll(
                status("Status", ModelView::status),
                fit(col("Version", 200, ModelView::version)),
                col("Accuracy", 80, m -> num(m.accuracy())),
                col("Macro-F1", 80, m -> num(m.macroF1())),
                wrapped(col("Precision / recall per class", 300, ModelsController::perClass)),
                fit(col("Created", 130, m -> shortTime(m.createdAt()))),
                wrapped(col("Reason", 250, m -> text(m.reason()))));
        Columns.fillWithLast(modelsTable, modelsTable.getColumns().get(modelsTable.getColumns().size() - 1));
        activateButton.disableProperty().bind(modelsTable.getSelectionModel().selectedItemProperty().isNull());
        // a retired version is what a rollback goes back to (rejected ones never come back, they return to rejected)
        rollbackButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.models().stream().noneMatch(m -> "retired".equals(m.status())), vm.models()));

        runsTable.setItems(vm.runs());
        runsTable.setPlaceholder(empty("No retraining runs yet", ModelsViewModel.whatARetrainNeeds()));
        runsTable.getColumns().setAll(
                status("Status", RunView::status),
                fit(col("Source", 130, r -> r.source() + (r.fineTune() ? " · fine-tune" : " · scratch"))),
                fit(col("Run", 190, RunView::id)),
                // the mistakes kept and the whole dataset trained on (mistakes plus replayed rows), in one column
                col("Mistakes / rows", 110, r -> (r.errors() == null ? "-" : r.errors().toString()) + " / "
                        + (r.datasetSize() == null ? "-" : String.format(Locale.ROOT, "%,d", r.datasetSize()))),
                // macro-F1 decides the promotion; the candidate's accuracy is in the versions table above
                col("Macro-F1", 75, r -> num(r.macroF1())),
                fit(col("Started", 130, r -> shortTime(r.startedAt()))),
                // last, taking the rest of the width and wrapped: a promotion reason is a sentence, read in full (with
                // the model it made: a column of its own pushed the outcome out of the window)
                wrapped(col("Outcome", 250, ModelsController::outcome)));
        Columns.fillWithLast(runsTable, runsTable.getColumns().get(runsTable.getColumns().size() - 1));

        requestsTable.setItems(vm.requests());
        requestsTable.setPlaceholder(empty("No requests", "The decay check and other users file requests; they run highest priority first."));
        requestsTable.getColumns().setAll(
                status("Status", RequestView::status),
                col("#", 50, r -> Long.toString(r.id())),
                col("Priority", 70, RequestView::priority),
                col("Requested by", 110, RequestView::requestedBy),
                fit(col("Run", 190, r -> text(r.runId()))),
                fit(col("Created", 130, r -> shortTime(r.createdAt()))),
                wrapped(col("Reason", 250, r -> text(r.reason()))));
        Columns.fillWithLast(requestsTable, requestsTable.getColumns().get(requestsTable.getColumns().size() - 1));

        newModelButton.setDisable(general == null);
        // the evaluation view is for general models (their bundle holds evaluation.json), not the transactions model
        evaluationButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> general == null || !isGeneral(modelsTable.getSelectionModel().getSelectedItem()),
                modelsTable.getSelectionModel().selectedItemProperty()));
        modelsTable.setRowFactory(t -> {
            javafx.scene.control.TableRow<ModelView> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty() && general != null && isGeneral(row.getItem())) {
                    openEvaluation(row.getItem());
                }
            });
            return row;
        });
        Columns.keepHeadersWhole(modelsTable);
        Columns.keepHeadersWhole(runsTable);
        Columns.keepHeadersWhole(requestsTable);
        ErrorDialog.showEach(vm.lastErrorProperty(), root, "Models");
    }

    @FXML
    void requestRetraining() {
        vm.requestRetraining(requestReasonField.getText(), () -> requestReasonField.clear());
    }

    /** "limpio 0.99 / 0.98 · relevante ..." (holdout precision / recall of each class). */
    private static String perClass(ModelView m) {
        return String.join("  ·  ", m.perClass().stream()
                .map(c -> c.name() + " " + orDash(c.precision()) + " / " + orDash(c.recall())).toList());
    }

    private static String orDash(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static boolean isGeneral(ModelView m) {
        return m != null && m.path() != null && org.riskbench.app.TabularService.isGeneralBundle(java.nio.file.Path.of(m.path()));
    }

    private javafx.stage.Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    @FXML
    void newModel() {
        if (general == null) {
            return;
        }
        NewModelDialog d = new NewModelDialog(window(), general.tabular(), general.jobs(), (version, bundle) -> {
            vm.refreshNow();
            new EvaluationView(window(), version, bundle, general.tabular(), general.jobs(), general.outputFolder(), general.opener())
                    .stage().show();
        });
        d.stage().show();
    }

    @FXML
    void openEvaluation() {
        openEvaluation(modelsTable.getSelectionModel().getSelectedItem());
    }

    private void openEvaluation(ModelView m) {
        if (general == null || !isGeneral(m)) {
            return;
        }
        new EvaluationView(window(), m.version(), java.nio.file.Path.of(m.path()), general.tabular(), general.jobs(),
                general.outputFolder(), general.opener()).stage().show();
    }

    @FXML
    void retrainNow() {
        vm.retrainNow();
    }

    @FXML
    void activate() {
        vm.activate(modelsTable.getSelectionModel().getSelectedItem());
    }

    @FXML
    void rollback() {
        vm.rollback();
    }

    private static <T> TableColumn<T, String> col(String title, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> (ObservableValue<String>) new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    /** "model v: promoted: ..." (or the failure), the sentence an analyst reads to know what the run did. */
    static String outcome(RunView r) {
        if (r.errorMessage() != null) {
            return r.errorMessage();
        }
        return (r.modelVersion() == null ? "" : "model " + r.modelVersion() + ": ") + text(r.reason());
    }

    /** "2026-12-05 21:18" from a stored UTC time ("2026-12-05T21:18:44.123Z"); the whole time in the data. */
    private static String shortTime(String iso) {
        if (iso == null) {
            return "";
        }
        String t = iso.replace('T', ' ');
        return t.length() > 16 ? t.substring(0, 16) : t;
    }

    /** An id column: as wide as its longest id, never cut. */
    private static <T> TableColumn<T, String> fit(TableColumn<T, String> c) {
        Columns.fitContent(c);
        return c;
    }

    /** Cells that wrap their text onto more lines instead of cutting it, with the whole text as a tooltip too. */
    private static <T> TableColumn<T, String> wrapped(TableColumn<T, String> c) {
        c.setMinWidth(Math.min(240, c.getPrefWidth()));
        c.setCellFactory(x -> new TableCell<>() {
            // a Text wrapped at the column's width: the row grows to its height (a wrapping cell's own text stays one
            // line, cut, because the row asks its height before it knows its width)
            private final javafx.scene.text.Text text = new javafx.scene.text.Text();

            {
                text.wrappingWidthProperty().bind(c.widthProperty().subtract(16));
                text.fillProperty().bind(textFillProperty());
                text.fontProperty().bind(fontProperty());
            }

            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(null);
                text.setText(empty || s == null ? "" : s);
                setGraphic(empty || s == null ? null : text);
                setTooltip(empty || s == null || s.isEmpty() ? null : new javafx.scene.control.Tooltip(s));
            }
        });
        return c;
    }

    private static <T> TableColumn<T, String> status(String title, Function<T, String> value) {
        TableColumn<T, String> c = col(title, 100, value);
        c.setCellFactory(x -> new org.riskbench.ui.shell.StatusChipCell<>());
        return c;
    }

    private static VBox empty(String title, String hint) {
        Label t = new Label(title);
        t.getStyleClass().add("title-4");
        Label h = new Label(hint);
        h.getStyleClass().add("text-muted");
        VBox box = new VBox(6, t, h);
        box.setAlignment(Pos.CENTER);
        return box;
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
