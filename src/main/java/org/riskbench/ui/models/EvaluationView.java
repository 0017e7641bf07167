package org.riskbench.ui.models;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import javafx.stage.Window;
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
 * The evaluation of one general model version, in a window of its own: ROC and PR curves of the learner beside its two
 * baselines (majority class, plain logistic regression) on the holdout, the confusion matrix at a threshold the user
 * moves (its metrics follow), the calibration curve, permutation importance with its standard errors, and the
 * cross-validation table with standard errors. "Score a file..." scores a CSV with the model as a job and opens the
 * folder of its results.
 */
final class EvaluationView {
    static final long POLL_MILLIS = 300;
    private static final int IMPORTANCE_SHOWN = 15;

    private final String version;
    private final Path bundle;
    private final TabularService tabular;
    private final JobFollower follower;
    private final java.util.function.Function<String, Path> outputFolder;
    private final Consumer<Path> opener;
    private final Stage stage = new Stage();
    private final BorderPane root = new BorderPane();
    private final Label status = new Label("Reading the evaluation...");
    private final ProgressBar progress = new ProgressBar(0);
    private final Button scoreButton = new Button("Score a file...");
    private final Button cancelButton = new Button("Cancel");
    final Slider threshold = new Slider(0, 1, 0.5);
    final Label thresholdLabel = new Label();
    final Label[] cells = {new Label(), new Label(), new Label(), new Label()};
    final Label metrics = new Label();
    private ModelEvaluation evaluation;

    EvaluationView(Window owner, String version, Path bundle, TabularService tabular, JobService jobs,
                   java.util.function.Function<String, Path> outputFolder, Consumer<Path> opener) {
        this.version = version;
        this.bundle = bundle;
        this.tabular = tabular;
        this.outputFolder = outputFolder;
        this.opener = opener;
        this.follower = new JobFollower(jobs, POLL_MILLIS, this::applyJob);
        root.setId("evaluationView");
        // tests reach score(file), what the native file chooser (which a robot cannot drive) hands its choice to
        root.getProperties().put(EvaluationView.class, this);
        root.getStyleClass().add("evaluation-view");
        scoreButton.setId("scoreFileButton");
        scoreButton.setDisable(true);
        scoreButton.setOnAction(e -> chooseAndScore());
        cancelButton.setId("cancelScoreButton");
        cancelButton.setVisible(false);
        cancelButton.setManaged(false);
        cancelButton.setOnAction(e -> follower.cancel(this::fail));
        progress.setVisible(false);
        progress.setPrefWidth(160);
        status.setId("scoreStatus");
        status.setWrapText(true);
        status.getStyleClass().add("text-muted");
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        Label title = new Label("Model " + version);
        title.getStyleClass().add("screen-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        // a real window cut the button to 'Sc...' beside a long version and status: buttons keep their width, the status wraps
        scoreButton.setMinWidth(Region.USE_PREF_SIZE);
        cancelButton.setMinWidth(Region.USE_PREF_SIZE);
        status.setMinWidth(0);
        HBox header = new HBox(12, title, scoreButton, cancelButton, progress, status);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(10, 12, 10, 12));
        root.setTop(header);
        Scene scene = new Scene(root, 1180, 860);
        org.riskbench.ui.shell.Theme.likeOwner(stage, scene, owner);
        stage.setScene(scene);
        stage.setTitle("Evaluation of model " + version + " - Riskbench");
        stage.setOnHidden(e -> follower.pause());
        Fx.async(() -> ModelEvaluation.of(TabularService.evaluation(bundle)), this::show, this::fail);
    }

    Stage stage() {
        return stage;
    }

    private void show(ModelEvaluation e) {
        evaluation = e;
        scoreButton.setDisable(false);
        status.setText(String.format(Locale.ROOT, "%s, holdout of %,d rows; curves for class '%s' against the rest; %d-fold cross-validation",
                e.learner(), e.scores().length, e.curveClass(), e.folds()));
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(12);
        grid.setPadding(new Insets(4, 12, 12, 12));
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        grid.getColumnConstraints().setAll(half, half);
        grid.add(curveChart("ROC curve (holdout)", "false positive rate", "true positive rate", e, e.roc(), "rocChart"), 0, 0);
        grid.add(curveChart("Precision-recall curve (holdout)", "recall", "precision", e, e.pr(), "prChart"), 1, 0);
        grid.add(confusion(e), 0, 1);
        grid.add(calibration(e), 1, 1);
        grid.add(importance(e), 0, 2);
        grid.add(cvTable(e), 1, 2);
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        root.setCenter(scroll);
    }

    private static String who(ModelEvaluation e, String model) {
        if (model.equals(e.learner())) {
            return model.equals("logistic") ? "logistic (this model, also the plain logistic baseline)" : model + " (this model)";
        }
        return model.equals("majority") ? "majority class (baseline)"
                : "plain logistic (baseline)";
    }

    private static LineChart<Number, Number> chart(String title, String x, String y, String id) {
        NumberAxis xa = new NumberAxis(x, 0, 1, 0.2);
        NumberAxis ya = new NumberAxis(y, 0, 1, 0.2);
        LineChart<Number, Number> c = new LineChart<>(xa, ya);
        c.setTitle(title);
        c.setId(id);
        c.setCreateSymbols(false);
        c.setAnimated(false);
        c.setPrefHeight(300);
        c.setMinHeight(260);
        c.getStyleClass().add("metric-chart");
        return c;
    }

    private static Node curveChart(String title, String x, String y, ModelEvaluation e, java.util.Map<String, double[][]> curves, String id) {
        LineChart<Number, Number> c = chart(title, x, y, id);
        curves.forEach((model, xy) -> c.getData().add(series(who(e, model), xy[0], xy[1])));
        return c;
    }

    private static XYChart.Series<Number, Number> series(String name, double[] x, double[] y) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        // a few hundred points draw the same line as thousands
        int step = Math.max(1, x.length / 400);
        for (int i = 0; i < x.length; i += step) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                s.getData().add(new XYChart.Data<>(x[i], y[i]));
            }
        }
        if (x.length > 0 && (x.length - 1) % step != 0 && Double.isFinite(x[x.length - 1]) && Double.isFinite(y[y.length - 1])) {
            s.getData().add(new XYChart.Data<>(x[x.length - 1], y[y.length - 1]));
        }
        if (s.getData().size() == 1) {
            // one threshold (the majority class's constant score): its precision holds at every recall, the no-skill line
            s.getData().add(0, new XYChart.Data<>(0, s.getData().get(0).getYValue()));
        }
        return s;
    }

    private Node confusion(ModelEvaluation e) {
        Label head = new Label("Confusion matrix on the holdout");
        head.getStyleClass().add("section-label");
        threshold.setId("thresholdSlider");
        threshold.setValue(e.threshold());
        threshold.setShowTickLabels(true);
        threshold.setShowTickMarks(true);
        threshold.setMajorTickUnit(0.1);
        threshold.setBlockIncrement(0.01);
        Button reset = new Button("Model's threshold");
        reset.setId("resetThresholdButton");
        reset.setOnAction(x -> threshold.setValue(e.threshold()));
        thresholdLabel.setId("thresholdLabel");
        metrics.setId("thresholdMetrics");
        metrics.setWrapText(true);
        String pos = e.curveClass();
        GridPane m = new GridPane();
        m.setHgap(1);
        m.setVgap(1);
        m.getStyleClass().add("confusion-matrix");
        m.add(new Label(""), 0, 0);
        m.add(header("called " + pos), 1, 0);
        m.add(header("called other"), 2, 0);
        m.add(header("true " + pos), 0, 1);
        m.add(header("true other"), 0, 2);
        String[] ids = {"confusionTP", "confusionFN", "confusionFP", "confusionTN"};
        for (int k = 0; k < 4; k++) {
            cells[k].setId(ids[k]);
            cells[k].getStyleClass().add("confusion-cell");
            cells[k].setMinWidth(120);
            cells[k].setAlignment(Pos.CENTER);
            cells[k].setStyle("-fx-padding: 8; -fx-border-color: -color-border-default; -fx-font-size: 1.2em;");
            m.add(cells[k], 1 + k % 2, 1 + k / 2);
        }
        threshold.valueProperty().addListener((o, a, b) -> updateConfusion());
        updateConfusion();
        HBox row = new HBox(8, new Label("threshold"), threshold, reset);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(threshold, Priority.ALWAYS);
        Label rule = new Label(String.format(Locale.ROOT, "The model decides at %.4f (%s).", e.threshold(), e.thresholdRule()));
        rule.setWrapText(true);
        rule.getStyleClass().add("text-muted");
        VBox box = new VBox(8, head, row, thresholdLabel, m, metrics, rule);
        box.setPadding(new Insets(8));
        return box;
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold; -fx-padding: 4 8 4 8;");
        return l;
    }

    /** The matrix and its metrics at the slider's threshold. */
    private void updateConfusion() {
        ModelEvaluation.AtThreshold a = evaluation.at(threshold.getValue());
        thresholdLabel.setText(String.format(Locale.ROOT, "rows scoring %.3f or more are called %s", a.threshold(), evaluation.curveClass()));
        long[] v = {a.truePositives(), a.falseNegatives(), a.falsePositives(), a.trueNegatives()};
        for (int k = 0; k < 4; k++) {
            cells[k].setText(String.format(Locale.ROOT, "%,d", v[k]));
        }
        metrics.setText(String.format(Locale.ROOT, "accuracy %s · precision %s · recall %s · F1 %s", fmt(a.accuracy()), fmt(a.precision()),
                fmt(a.recall()), fmt(a.f1())));
    }

    private static Node calibration(ModelEvaluation e) {
        LineChart<Number, Number> c = chart("Calibration (holdout, 10 bins)", "mean predicted probability", "observed share", "calibrationChart");
        c.setCreateSymbols(true);
        // the model first: it gets the colour it has on the ROC and PR charts, the diagonal the reference line's
        c.getData().add(series(e.learner() + " (this model)", e.calibrationPredicted(), e.calibrationObserved()));
        c.getData().add(series("perfectly calibrated", new double[] {0, 1}, new double[] {0, 1}));
        return c;
    }

    private static Node importance(ModelEvaluation e) {
        Label head = new Label("Permutation importance (holdout ROC AUC lost when the column is shuffled; bars ± 1 standard error)");
        head.getStyleClass().add("section-label");
        head.setWrapText(true);
        List<ModelEvaluation.Importance> top = e.importance().stream()
                .sorted(Comparator.comparingDouble(ModelEvaluation.Importance::mean).reversed()).limit(IMPORTANCE_SHOWN).toList();
        double max = top.stream().mapToDouble(i -> Math.abs(i.mean()) + (Double.isFinite(i.se()) ? i.se() : 0)).max().orElse(1);
        VBox rows = new VBox(3);
        rows.setId("importanceBars");
        double width = 260;
        for (ModelEvaluation.Importance i : top) {
            Label name = new Label(i.column());
            name.setMinWidth(150);
            name.setPrefWidth(150);
            Pane bar = new Pane();
            bar.setMinSize(width, 16);
            bar.setPrefSize(width, 16);
            double scale = max > 0 ? width / max : 0;
            double w = Math.max(0, i.mean()) * scale;
            Rectangle r = new Rectangle(0, 3, w, 10);
            r.getStyleClass().add("importance-bar");
            r.setStyle("-fx-fill: -color-accent-emphasis;");
            double se = Double.isFinite(i.se()) ? i.se() : 0;
            Line whisker = new Line(Math.max(0, (i.mean() - se) * scale), 8, Math.min(width, (i.mean() + se) * scale), 8);
            whisker.setStyle("-fx-stroke: -color-fg-default; -fx-stroke-width: 1.5;");
            bar.getChildren().addAll(r, whisker);
            Label value = new Label(String.format(Locale.ROOT, "%.4f ± %.4f", i.mean(), se));
            value.getStyleClass().add("text-muted");
            HBox row = new HBox(8, name, bar, value);
            row.setAlignment(Pos.CENTER_LEFT);
            rows.getChildren().add(row);
        }
        if (top.isEmpty()) {
            rows.getChildren().add(new Label("No importance in this evaluation."));
        }
        VBox box = new VBox(8, head, rows);
        box.setPadding(new Insets(8));
        return box;
    }

    private static Node cvTable(ModelEvaluation e) {
        Label head = new Label("Cross-validation (" + e.folds() + " stratified folds): mean ± standard error, baselines on the same folds");
        head.getStyleClass().add("section-label");
        head.setWrapText(true);
        TableView<ModelEvaluation.CvRow> t = new TableView<>();
        t.setId("cvTable");
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        TableColumn<ModelEvaluation.CvRow, String> metric = new TableColumn<>("Metric");
        metric.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().metric()));
        t.getColumns().add(metric);
        for (int w = 0; w < e.models().size(); w++) {
            int which = w;
            // short headers (the charts' legends say which are baselines): the table is half the window wide
            String model = e.models().get(w);
            TableColumn<ModelEvaluation.CvRow, String> col = new TableColumn<>(model.equals(e.learner()) ? model
                    : model.equals("majority") ? "majority class" : "plain logistic");
            col.setCellValueFactory(c -> new ReadOnlyStringWrapper(fmt(c.getValue().mean()[which]) + " ± " + fmt(c.getValue().se()[which])));
            t.getColumns().add(col);
        }
        t.getItems().setAll(e.cv());
        t.setPrefHeight(330);
        VBox box = new VBox(8, head, t);
        box.setPadding(new Insets(8));
        VBox.setVgrow(t, Priority.ALWAYS);
        return box;
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }

    // ---- scoring a file -----------------------------------------------------------------------

    private void chooseAndScore() {
        Path file = FileChoosers.openCsv(stage, "Score a CSV file with model " + version);
        if (file != null) {
            score(file);
        }
    }

    /** Queues the scoring of {@code file} (bad input: a dialog) and follows it. */
    void score(Path file) {
        String id = JobService.newId(TabularService.KIND_SCORE);
        scoreButton.setDisable(true);
        status.setText("Checking " + file.getFileName() + "...");
        Fx.async(() -> tabular.submitScore(file, bundle, outputFolder.apply(id), id).id(), jobId -> {
            progress.setProgress(0);
            progress.setVisible(true);
            cancelButton.setVisible(true);
            cancelButton.setManaged(true);
            status.setText("Scoring " + file.getFileName() + " (job " + jobId + ")");
            follower.watch(jobId);
        }, this::fail);
    }

    private void applyJob(JobRecord job) {
        if (!JobProgress.show(job, progress, status)) {
            return;
        }
        progress.setVisible(false);
        cancelButton.setVisible(false);
        cancelButton.setManaged(false);
        scoreButton.setDisable(false);
        if (job.status() == JobStatus.SUCCEEDED && job.outputDir() != null) {
            status.setText("Scored: results in " + job.outputDir());
            opener.accept(Path.of(job.outputDir()));
        } else {
            status.setText(JobProgress.notSucceeded("Scoring", job));
        }
    }

    private void fail(Throwable error) {
        scoreButton.setDisable(evaluation == null);
        status.setText(ErrorDialog.userMessage(error));
        ErrorDialog.show(stage.isShowing() ? stage : stage.getOwner(), "Evaluation of model " + version, error);
    }
}
