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

    ModelsController(ModelsViewModel vm) {
        this.vm = vm;
    }

    @FXML
    void initialize() {
        summaryLabel.textProperty().bind(vm.summaryProperty());
        messageLabel.textProperty().bind(vm.messageProperty());
        fineTuneBox.selectedProperty().bindBidirectional(vm.fineTuneProperty());

        modelsTable.setItems(vm.models());
        modelsTable.setPlaceholder(empty("No model yet", "Scoring a file trains the default model; it appears here."));
        modelsTable.getColumns().setAll(
                status("Status", ModelView::status),
                col("Version", 200, ModelView::version),
                col("Accuracy", 80, m -> num(m.accuracy())),
                col("Macro-F1", 80, m -> num(m.macroF1())),
                col("Precision / recall per class", 360, ModelsController::perClass),
                col("Created", 180, ModelView::createdAt),
                col("Reason", 420, m -> text(m.reason())));
        activateButton.disableProperty().bind(modelsTable.getSelectionModel().selectedItemProperty().isNull());
        // a retired version is what a rollback goes back to (rejected ones never come back, they return to rejected)
        rollbackButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.models().stream().noneMatch(m -> "retired".equals(m.status())), vm.models()));

        runsTable.setItems(vm.runs());
        runsTable.setPlaceholder(empty("No retraining runs yet",
                "Give feedback on scored rows (mark the true class), then press Retrain now."));
        runsTable.getColumns().setAll(
                status("Status", RunView::status),
                col("Source", 110, RunView::source),
                col("Run", 190, RunView::id),
                col("Mistakes", 70, r -> r.errors() == null ? "" : r.errors().toString()),
                col("Dataset", 70, r -> r.datasetSize() == null ? "" : r.datasetSize().toString()),
                col("Mode", 80, r -> r.fineTune() ? "fine-tune" : "scratch"),
                col("Accuracy", 75, r -> num(r.accuracy())),
                col("Macro-F1", 75, r -> num(r.macroF1())),
                col("Model", 180, r -> text(r.modelVersion())),
                col("Outcome", 420, r -> r.errorMessage() != null ? r.errorMessage() : text(r.reason())),
                col("Started", 180, r -> text(r.startedAt())));

        requestsTable.setItems(vm.requests());
        requestsTable.setPlaceholder(empty("No requests", "The decay check and other users file requests; they run highest priority first."));
        requestsTable.getColumns().setAll(
                status("Status", RequestView::status),
                col("#", 50, r -> Long.toString(r.id())),
                col("Priority", 70, RequestView::priority),
                col("Requested by", 110, RequestView::requestedBy),
                col("Reason", 420, r -> text(r.reason())),
                col("Run", 190, r -> text(r.runId())),
                col("Created", 180, RequestView::createdAt));

        vm.lastErrorProperty().addListener((o, before, error) -> {
            if (error != null) {
                ErrorDialog.show(root.getScene() == null ? null : root.getScene().getWindow(), "Models", error);
                vm.lastErrorProperty().set(null);
            }
        });
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

    private static <T> TableColumn<T, String> status(String title, Function<T, String> value) {
        TableColumn<T, String> c = col(title, 110, value);
        c.setCellFactory(x -> new TableCell<>() {
            private final Label chip = new Label();

            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setGraphic(null);
                    return;
                }
                chip.setText(s);
                chip.getStyleClass().setAll("label", "status-chip", "status-" + s);
                setGraphic(chip);
            }
        });
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
