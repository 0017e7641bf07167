package org.riskbench.ui.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.controlsfx.control.CheckListView;
import org.riskbench.app.TabularJobResults;
import org.riskbench.app.TabularService;
import org.riskbench.core.model.JobRecord;
import org.riskbench.core.model.JobStatus;
import org.riskbench.jobs.JobService;
import org.riskbench.ui.shell.ErrorDialog;
import org.riskbench.ui.shell.FileChoosers;
import org.riskbench.ui.shell.Fx;
import org.riskbench.ui.shell.JobFollower;
import org.riskbench.ui.shell.JobProgress;

/**
 * "New model from a table...": a CSV dropped on the window or chosen, its first rows previewed under each column's
 * inferred type, then the target, its positive class, the features, the learner and the folds; Train queues a
 * {@code model-train} job that the window follows (progress, Cancel) without ever waiting on the FX thread. When it
 * succeeds, {@code trained} gets the new version and its bundle (the Models screen opens its evaluation).
 */
final class NewModelDialog {
    static final long POLL_MILLIS = 300;
    static final String RARER = "(the rarer class)";
    static final List<String> LEARNERS = List.of("auto (stacking)", "logistic", "forest", "gbdt", "stacking");

    private final TabularService tabular;
    private final BiConsumer<String, Path> trained;
    private final JobFollower follower;
    private final Stage stage = new Stage();
    final Label fileLabel = new Label("Drop a CSV file here, or choose one.");
    final javafx.scene.control.TextField pathField = new javafx.scene.control.TextField();
    final TableView<List<String>> preview = new TableView<>();
    final ComboBox<String> target = new ComboBox<>();
    final ComboBox<String> positive = new ComboBox<>();
    final CheckListView<String> features = new CheckListView<>();
    final ComboBox<String> learner = new ComboBox<>();
    final Spinner<Integer> folds = new Spinner<>(2, 10, 5);
    final Button trainButton = new Button("Train");
    final Button cancelButton = new Button("Cancel");
    final Button openButton = new Button("Open evaluation");
    final ProgressBar progress = new ProgressBar(0);
    final Label status = new Label("");
    private TabularService.Preview shown;
    private String version;
    private Path bundle;

    NewModelDialog(Window owner, TabularService tabular, JobService jobs, BiConsumer<String, Path> trained) {
        this.tabular = tabular;
        this.trained = trained;
        this.follower = new JobFollower(jobs, POLL_MILLIS, this::applyJob);
        Button choose = new Button("Choose CSV...");
        choose.setId("chooseCsvButton");
        choose.setOnAction(e -> choose());
        pathField.setId("csvPathField");
        pathField.setPromptText("or type the file's path and press Enter");
        pathField.setOnAction(e -> {
            if (!pathField.getText().isBlank()) {
                load(Path.of(pathField.getText().trim()));
            }
        });
        HBox.setHgrow(pathField, Priority.ALWAYS);
        HBox top = new HBox(10, choose, pathField);
        top.setAlignment(Pos.CENTER_LEFT);
        fileLabel.setId("newModelFile");
        fileLabel.setWrapText(true);
        fileLabel.setMaxWidth(Double.MAX_VALUE);
        fileLabel.setMinHeight(Region.USE_PREF_SIZE);

        preview.setId("newModelPreview");
        preview.setPlaceholder(new Label("The first rows of the table show here, each column with the type Riskbench infers."));
        preview.setPrefHeight(220);
        // a real window cut the headers ('depen...', 'phone_ser...') and the cells ('No phone ser...'): both show whole
        org.riskbench.ui.shell.Columns.keepHeadersWhole(preview);

        target.setId("targetCombo");
        target.setPromptText("the column to predict");
        target.setMaxWidth(Double.MAX_VALUE);
        target.valueProperty().addListener((o, a, b) -> targetChosen(b));
        positive.setId("positiveCombo");
        positive.setMaxWidth(Double.MAX_VALUE);
        learner.setId("learnerCombo");
        learner.getItems().setAll(LEARNERS);
        learner.setValue(LEARNERS.get(0));
        learner.setMaxWidth(Double.MAX_VALUE);
        folds.setId("foldsSpinner");
        folds.setEditable(true);
        features.setId("featuresList");
        features.setPrefHeight(200);
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, label("Target"), target);
        form.addRow(1, label("Positive class"), positive);
        form.addRow(2, label("Learner"), learner);
        form.addRow(3, label("Cross-validation folds"), folds);
        Label featuresLabel = label("Features");
        GridPane.setValignment(featuresLabel, javafx.geometry.VPos.TOP);
        form.addRow(4, featuresLabel, features);
        GridPane.setHgrow(target, Priority.ALWAYS);
        GridPane.setHgrow(features, Priority.ALWAYS);
        javafx.scene.layout.ColumnConstraints c0 = new javafx.scene.layout.ColumnConstraints();
        c0.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints c1 = new javafx.scene.layout.ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().setAll(c0, c1);

        trainButton.setId("trainModelButton");
        trainButton.getStyleClass().add("accent");
        trainButton.setDisable(true);
        trainButton.setOnAction(e -> train());
        cancelButton.setId("cancelTrainButton");
        cancelButton.setDisable(true);
        cancelButton.setOnAction(e -> follower.cancel(this::fail));
        openButton.setId("openEvaluationButton");
        openButton.setVisible(false);
        openButton.setOnAction(e -> {
            if (version != null) {
                trained.accept(version, bundle);
            }
        });
        progress.setId("trainProgress");
        progress.setPrefWidth(180);
        progress.setVisible(false);
        status.setId("trainStatus");
        status.setWrapText(true);
        status.setMaxWidth(Double.MAX_VALUE);
        status.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox bottom = new HBox(10, trainButton, cancelButton, progress, status, openButton);
        bottom.setAlignment(Pos.CENTER_LEFT);

        VBox content = new VBox(10, top, fileLabel, preview, form, bottom);
        content.setPadding(new Insets(12));
        VBox.setVgrow(preview, Priority.ALWAYS);
        BorderPane root = new BorderPane(content);
        root.setId("newModelDialog");
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                load(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        Scene scene = new Scene(root, 920, 760);
        org.riskbench.ui.shell.Theme.likeOwner(stage, scene, owner);
        stage.setScene(scene);
        stage.setTitle("New model from a table - Riskbench");
        stage.setOnHidden(e -> follower.pause());
    }

    Stage stage() {
        return stage;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private void choose() {
        Path file = FileChoosers.openCsv(stage, "A labelled table (CSV)");
        if (file != null) {
            load(file);
        }
    }

    /** Reads the preview of {@code file} in the background; a bad file is a dialog, the form keeps what it had. */
    void load(Path file) {
        pathField.setText(file.toString());
        fileLabel.setText("Reading " + file.getFileName() + "...");
        Fx.async(() -> tabular.preview(file), this::show, e -> {
            fileLabel.setText(shown == null ? "Drop a CSV file here, or choose one." : describe(shown));
            fail(e);
        });
    }

    private static String describe(TabularService.Preview p) {
        return String.format(java.util.Locale.ROOT, "%s: %,d rows, %d columns", p.file(), p.rows(), p.columns().size());
    }

    private void show(TabularService.Preview p) {
        shown = p;
        fileLabel.setText(describe(p));
        preview.getColumns().clear();
        for (int j = 0; j < p.columns().size(); j++) {
            int col = j;
            TableColumn<List<String>, String> c = new TableColumn<>(p.columns().get(j) + "\n" + p.types().get(j));
            c.setCellValueFactory(x -> new ReadOnlyStringWrapper(col < x.getValue().size() ? x.getValue().get(col) : ""));
            c.setPrefWidth(90);
            org.riskbench.ui.shell.Columns.fitContent(c);
            preview.getColumns().add(c);
        }
        preview.getItems().setAll(p.firstRows());
        // a target is a column of few values: those are offered first, then the rest
        List<String> targets = new ArrayList<>();
        for (int j = 0; j < p.columns().size(); j++) {
            if (p.values().get(j) != null && p.values().get(j).size() >= 2) {
                targets.add(p.columns().get(j));
            }
        }
        target.getItems().setAll(targets);
        target.setValue(null);
        positive.getItems().clear();
        features.getItems().setAll(p.columns());
        features.getCheckModel().checkAll();
        openButton.setVisible(false);
        status.setText(targets.isEmpty() ? "No column has between 2 and " + 50 + " values: nothing here can be a target." : "");
        updateTrainable();
    }

    private void targetChosen(String column) {
        positive.getItems().clear();
        if (shown == null || column == null) {
            updateTrainable();
            return;
        }
        List<String> values = shown.values().get(shown.columns().indexOf(column));
        positive.getItems().add(RARER);
        if (values != null && values.size() == 2) {
            positive.getItems().addAll(values);
        }
        positive.setValue(RARER);
        positive.setDisable(values == null || values.size() != 2);
        features.getItems().setAll(shown.columns().stream().filter(c -> !c.equals(column)).toList());
        features.getCheckModel().checkAll();
        updateTrainable();
    }

    private void updateTrainable() {
        trainButton.setDisable(shown == null || target.getValue() == null || follower.jobId() != null);
    }

    /** Queues the training (its checks in the background; bad input is a dialog) and follows the job. */
    void train() {
        if (shown == null || target.getValue() == null) {
            return;
        }
        // read item by item: the check model's list keeps stale entries after the items are replaced
        List<String> chosen = features.getItems().stream().filter(features.getCheckModel()::isChecked).toList();
        if (chosen.isEmpty()) {
            ErrorDialog.show(stage, "New model", new org.riskbench.core.InputException("Tick at least one feature column to train on."));
            return;
        }
        boolean all = chosen.size() == features.getItems().size();
        String pos = positive.getValue() == null || RARER.equals(positive.getValue()) ? null : positive.getValue();
        String learnerName = learner.getValue() == null || learner.getValue().startsWith("auto") ? "auto" : learner.getValue();
        String id = JobService.newId(TabularService.KIND_TRAIN);
        TabularService.TrainRequest r = new TabularService.TrainRequest(shown.file(), target.getValue(), pos, all ? List.of() : chosen, List.of(),
                learnerName, folds.getValue(), 42, null, "none", null, id);
        trainButton.setDisable(true);
        openButton.setVisible(false);
        status.setText("Checking the table...");
        Fx.async(() -> tabular.submitTrain(r).id(), jobId -> {
            progress.setProgress(0);
            progress.setVisible(true);
            cancelButton.setDisable(false);
            status.setText("Training queued (job " + jobId + ")");
            follower.watch(jobId);
        }, e -> {
            updateTrainable();
            status.setText("");
            fail(e);
        });
    }

    private void applyJob(JobRecord job) {
        if (!JobProgress.show(job, progress, status)) {
            return;
        }
        cancelButton.setDisable(true);
        progress.setVisible(false);
        updateTrainable();
        if (job.status() == JobStatus.SUCCEEDED) {
            try {
                TabularJobResults.Train r = TabularJobResults.Train.fromJson(job.resultJson());
                version = r.version();
                bundle = Path.of(r.bundle());
                status.setText("Model " + version + " trained.");
                openButton.setVisible(true);
                trained.accept(version, bundle);
            } catch (RuntimeException e) {
                fail(e);
            }
        } else if (job.status() == JobStatus.CANCELLED) {
            // a bundle is only written once training is done, so a cancelled one left nothing behind
            status.setText("Training cancelled; no model was written.");
        } else {
            status.setText(JobProgress.notSucceeded("Training", job));
        }
    }

    private void fail(Throwable error) {
        ErrorDialog.show(stage.isShowing() ? stage : stage.getOwner(), "New model from a table", error);
    }
}
