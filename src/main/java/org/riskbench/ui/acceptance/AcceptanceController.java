package org.riskbench.ui.acceptance;

import java.nio.file.Path;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.riskbench.core.model.RunRecord;
import org.riskbench.ui.shell.ErrorDialog;
import org.riskbench.ui.shell.FileChoosers;
import org.riskbench.ui.shell.RunListCell;

/** Thin controller of AcceptanceView.fxml: binds the inputs to {@link AcceptanceViewModel} and shows loaded replays. */
public final class AcceptanceController {
    private final AcceptanceViewModel vm;
    private final Path workspace;
    final ReplayCharts charts = new ReplayCharts();
    final StateDiagram diagram = new StateDiagram();
    final SummaryCards cards = new SummaryCards();

    @FXML BorderPane root;
    @FXML Label titleLabel;
    @FXML Label seriesLabel;
    @FXML Label profileLabel;
    @FXML ComboBox<String> profileCombo;
    @FXML Button defaultsButton;
    /** Holds the profile's values as a ControlsFX PropertySheet (typed editors, categories, search). */
    @FXML StackPane paramSheetHolder;
    org.controlsfx.control.PropertySheet paramSheet;
    @FXML Label formError;
    @FXML Button runButton;
    @FXML Button cancelButton;
    @FXML HBox progressBox;
    @FXML ProgressBar progressBar;
    @FXML Label progressLabel;
    @FXML Label runMessage;
    @FXML ListView<RunRecord> runsList;
    @FXML VBox emptyState;
    @FXML VBox resultPane;
    @FXML StackPane cardsHolder;
    @FXML StackPane diagramHolder;
    @FXML StackPane chartsHolder;
    @FXML ProgressIndicator loadingIndicator;

    AcceptanceController(AcceptanceViewModel vm, Path workspace) {
        this.vm = vm;
        this.workspace = workspace;
    }

    @FXML
    void initialize() {
        FileChoosers.showChosen(seriesLabel, vm.seriesFileProperty(), "no series chosen");
        FileChoosers.showChosen(profileLabel, vm.profileFileProperty(), "defaults (no file)");
        defaultsButton.disableProperty().bind(vm.profileFileProperty().isNull());
        profileCombo.setItems(vm.profileNames());
        profileCombo.valueProperty().bindBidirectional(vm.profileNameProperty());

        paramSheet = ProfileSheet.build(vm.params(), vm::editParameter);
        paramSheetHolder.getChildren().setAll(paramSheet);
        // a new profile (or Reset edits) changes the values under the editors: they are made again from the rows
        vm.baseProfileProperty().addListener((o, before, now) -> ProfileSheet.refill(paramSheet, vm.params(), vm::editParameter));
        formError.textProperty().bind(vm.formErrorProperty());
        formError.managedProperty().bind(vm.formErrorProperty().isNotEmpty());
        formError.visibleProperty().bind(formError.managedProperty()); // managed: the status area keeps its room

        runButton.disableProperty().bind(vm.runningProperty());
        vm.job().showOn(cancelButton, progressBox, progressBar, progressLabel, runMessage);

        runsList.setItems(vm.runs());
        RunListCell.use(runsList);
        runsList.setPlaceholder(new Label("No replays in this workspace yet."));
        runsList.getSelectionModel().selectedItemProperty().addListener((o, a, run) -> vm.open(run));

        cardsHolder.getChildren().setAll(cards);
        diagramHolder.getChildren().setAll(diagram);
        chartsHolder.getChildren().setAll(charts);
        loadingIndicator.visibleProperty().bind(vm.loadingProperty());
        // While a replay loads, the spinner alone: not on top of the "no replay shown yet" text.
        emptyState.opacityProperty().bind(javafx.beans.binding.Bindings.when(vm.loadingProperty()).then(0.0).otherwise(1.0));
        vm.loadedProperty().addListener((o, a, loaded) -> show(loaded));
        ErrorDialog.showEach(vm.lastErrorProperty(), root, "Acceptance action failed");
    }

    private void show(AcceptanceViewModel.Loaded loaded) {
        boolean has = loaded != null;
        emptyState.setVisible(!has);
        resultPane.setVisible(has);
        if (!has) {
            titleLabel.setText("");
            runsList.getSelectionModel().clearSelection();
            return;
        }
        titleLabel.setText(loaded.title() + "  ·  " + loaded.view().outputDir());
        cards.show(loaded.view().summary(), loaded.drift());
        diagram.show(loaded.view().summary());
        charts.show(loaded.data());
    }

    @FXML
    void chooseSeries() {
        FileChoosers.choose(root, "Choose a series CSV (columns y, optional ts, mu, sigma, latency_ms, kappa)",
                vm.seriesFileProperty().get(), "sample-data/series", workspace, FileChoosers.CSV, vm::setSeries);
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
    void resetEdits() {
        vm.resetEdits();
        ProfileSheet.refill(paramSheet, vm.params(), vm::editParameter);
    }

    @FXML
    void run() {
        vm.run();
    }

    @FXML
    void cancel() {
        vm.cancel();
    }

}
