package org.riskbench.ui.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.riskbench.app.RetrainingService;
import org.riskbench.testsupport.FxClicks;
import org.riskbench.testsupport.FxWait;
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Models screen's new-model flow on the shipped churn table, clicked through: the table previewed with its types,
 * the target and learner picked, a first training cancelled (nothing written), training followed as a job, then the
 * evaluation view with both baselines on its curves and a confusion matrix that follows the threshold, the new version's
 * holdout figures in the Models table, and a file scored from the evaluation view.
 */
@ExtendWith(ApplicationExtension.class)
class GeneralModelFlowTest {
    private static Path workspace;
    private static MainWindow window;
    private static final List<Path> opened = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        workspace = Files.createTempDirectory("riskbench-gui-general");
        window = TestWindows.open(stage, workspace, app -> List.of(new ModelsScreen(app, opened::add, false)));
    }

    @AfterAll
    static void closeWorkspace() {
        TestWindows.close(window);
    }

    @SuppressWarnings("unchecked")
    @Test
    void aChurnTableTrainsFromTheDialogAndItsEvaluationFollowsTheThreshold(FxRobot robot) throws Exception {
        FxWait.until(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#runsTable").tryQuery().isPresent());
        javafx.scene.control.Button newModel = robot.lookup("#newModelButton").queryButton();
        FxWait.until(10, TimeUnit.SECONDS, () -> newModel.getScene() != null && !newModel.isDisabled());
        FxClicks.on(robot, newModel);
        FxWait.until(10, TimeUnit.SECONDS, () -> robot.lookup("#csvPathField").tryQuery().isPresent());

        Path churn = Path.of("sample-data/classification/churn.csv").toAbsolutePath();
        FxClicks.on(robot, "#csvPathField").write(churn.toString()).type(KeyCode.ENTER);
        TableView<List<String>> preview = robot.lookup("#newModelPreview").queryAs(TableView.class);
        FxWait.until(20, TimeUnit.SECONDS, () -> !preview.getItems().isEmpty());
        // each column under its inferred type
        assertThat(preview.getColumns().stream().map(c -> c.getText()).toList()).contains("tenure\ninteger", "monthly_charges\ndecimal");
        // every header and cell whole ('depen...', 'No phone ser...' were cut)
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(org.riskbench.testsupport.Elision.cutHeaders(preview)).isEmpty();
        assertThat(org.riskbench.testsupport.Elision.cutTexts(preview)).isEmpty();

        pick(robot, "#targetCombo", "churn");
        pick(robot, "#positiveCombo", "Yes");
        assertThat(robot.lookup("#featuresList").queryAs(org.controlsfx.control.CheckListView.class).getItems()).doesNotContain("churn");

        // Cancel while stacking trains (its cross-validation fits every base learner many times): the job ends cancelled,
        // the dialog says so, and no bundle (not even part of one) is left in the workspace
        pick(robot, "#learnerCombo", "stacking");
        FxClicks.on(robot, "#trainModelButton");
        javafx.scene.control.Button cancel = robot.lookup("#cancelTrainButton").queryButton();
        FxWait.until(30, TimeUnit.SECONDS, () -> !cancel.isDisabled());
        FxClicks.on(robot, cancel);
        Label status = robot.lookup("#trainStatus").queryAs(Label.class);
        FxWait.until(60, TimeUnit.SECONDS, () -> "Training cancelled; no model was written.".equals(status.getText()));
        List<org.riskbench.core.model.JobRecord> trainJobs = window.app().jobs().list(
                java.util.EnumSet.allOf(org.riskbench.core.model.JobStatus.class), org.riskbench.app.TabularService.KIND_TRAIN, 10);
        assertThat(trainJobs).hasSize(1);
        assertThat(trainJobs.get(0).status()).isEqualTo(org.riskbench.core.model.JobStatus.CANCELLED);
        assertThat(bundleFiles()).isEmpty();
        assertThat(robot.lookup("#trainModelButton").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#openEvaluationButton").queryButton().isVisible()).isFalse();

        pick(robot, "#learnerCombo", "gbdt");
        FxClicks.on(robot, "#trainModelButton");
        // training is a job: the window follows it, then the evaluation view opens
        FxWait.until(180, TimeUnit.SECONDS, () -> robot.lookup("#rocChart").tryQuery().isPresent());
        assertThat(status.getText()).startsWith("Model g-").endsWith(" trained.");

        for (String chart : List.of("#rocChart", "#prChart")) {
            LineChart<Number, Number> c = robot.lookup(chart).queryAs(LineChart.class);
            assertThat(c.getData().stream().map(s -> s.getName()).toList())
                    .containsExactly("gbdt (this model)", "majority class (baseline)", "plain logistic (baseline)");
            assertThat(c.getData()).allMatch(s -> s.getData().size() >= 2);
        }
        assertThat(((LineChart<Number, Number>) robot.lookup("#calibrationChart").queryAs(LineChart.class)).getData().stream()
                .map(s -> s.getName()).toList()).containsExactly("gbdt (this model)", "perfectly calibrated");
        assertThat(org.riskbench.testsupport.Elision.elided(robot.lookup("#scoreFileButton").queryButton())).isFalse();
        assertThat(robot.lookup("#cvTable").queryAs(TableView.class).getItems()).isNotEmpty();
        assertThat(robot.lookup("#importanceBars").queryAs(javafx.scene.layout.VBox.class).getChildren()).isNotEmpty();

        // moving the threshold to 0 calls every row positive: no false negative, no true negative left
        String[] before = cells(robot);
        Slider slider = robot.lookup("#thresholdSlider").queryAs(Slider.class);
        robot.interact(() -> slider.getScene().getWindow().requestFocus());
        robot.drag((Node) robot.lookup("#thresholdSlider .thumb").query(), javafx.scene.input.MouseButton.PRIMARY).moveBy(-2000, 0).drop();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#thresholdSlider").queryAs(Slider.class).getValue()).isZero();
        String[] atZero = cells(robot);
        assertThat(atZero).isNotEqualTo(before);
        assertThat(atZero[1]).isEqualTo("0");
        assertThat(atZero[3]).isEqualTo("0");
        long positives = Long.parseLong(atZero[0].replace(",", ""));
        long negatives = Long.parseLong(atZero[2].replace(",", ""));
        assertThat(positives + negatives).isEqualTo(600); // the 20% holdout of 3,000 rows
        assertThat(robot.lookup("#thresholdMetrics").queryAs(Label.class).getText()).contains("recall 1.0000");

        // the new version is in the table, and its Evaluation button opens the same view
        TableView<RetrainingService.ModelView> models = robot.lookup("#modelsTable").queryAs(TableView.class);
        FxWait.until(10, TimeUnit.SECONDS, () -> models.getItems().stream().anyMatch(m -> m.version().startsWith("g-")));

        // its Accuracy and Macro-F1 are those of its holdout confusion matrix at its threshold, as its evaluation says
        RetrainingService.ModelView general = models.getItems().stream().filter(m -> m.version().startsWith("g-")).findFirst().orElseThrow();
        var holdout = org.riskbench.app.TabularService.evaluation(Path.of(general.path())).holdout();
        List<List<Long>> matrix = holdout.confusionMatrix();
        List<String> order = holdout.confusionOrder();
        int yes = order.indexOf("Yes");
        long total = matrix.stream().flatMap(List::stream).mapToLong(Number::longValue).sum();
        double accuracy = (matrix.get(0).get(0).doubleValue() + matrix.get(1).get(1).doubleValue()) / total;
        double[] f1 = new double[2];
        for (int c = 0; c < 2; c++) {
            double tp = matrix.get(c).get(c).doubleValue();
            f1[c] = 2 * tp / (matrix.get(0).get(c).doubleValue() + matrix.get(1).get(c).doubleValue() + matrix.get(c).get(0).doubleValue()
                    + matrix.get(c).get(1).doubleValue());
        }
        java.util.Map<String, Double> own = holdout.models().get("gbdt");
        assertThat(accuracy).isCloseTo(own.get("accuracy"), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(f1[yes]).isCloseTo(own.get("f1"), org.assertj.core.data.Offset.offset(1e-4));
        String accuracyText = String.format(java.util.Locale.ROOT, "%.4f", accuracy);
        String macroF1Text = String.format(java.util.Locale.ROOT, "%.4f", (f1[0] + f1[1]) / 2);
        assertThat(cell(models, "Accuracy", general)).isEqualTo(accuracyText);
        assertThat(cell(models, "Macro-F1", general)).isEqualTo(macroF1Text);
        // shown in the table's cells, not only held by it
        assertThat(robot.lookup(".table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .filter(c -> c.getTableView() == models && c.isVisible()).map(c -> c.getText()).toList()).contains(accuracyText, macroF1Text);
        assertThat(cell(models, "Precision / recall per class", general)).contains("No ", "Yes ");

        // Score a file... from the evaluation view (the file its chooser returns): an inference job, a results file with
        // the input columns and p_<class>, opened when done
        Path toScore = Files.createTempDirectory("riskbench-score").resolve("new-customers.csv");
        Files.copy(churn, toScore);
        EvaluationView view = (EvaluationView) robot.lookup("#evaluationView").query().getProperties().get(EvaluationView.class);
        robot.interact(() -> view.score(toScore));
        FxWait.until(120, TimeUnit.SECONDS, () -> !opened.isEmpty());
        Path folder = opened.get(0);
        Label scoring = robot.lookup("#scoreStatus").queryAs(Label.class);
        assertThat(scoring.getText()).isEqualTo("Scored: results in " + folder);
        List<Path> results;
        try (var files = Files.list(folder)) {
            results = files.filter(f -> f.getFileName().toString().endsWith(".csv")).toList();
        }
        assertThat(results).hasSize(1);
        List<String> lines = Files.readAllLines(results.get(0));
        assertThat(lines.get(0)).startsWith("churn,female,").endsWith(",p_No,p_Yes,predicted_class,anomaly_score");
        assertThat(lines).hasSize(Files.readAllLines(churn).size());
        List<org.riskbench.core.model.JobRecord> scoreJobs = window.app().jobs().list(
                java.util.EnumSet.allOf(org.riskbench.core.model.JobStatus.class), org.riskbench.app.TabularService.KIND_SCORE, 10);
        assertThat(scoreJobs).extracting(j -> j.status()).containsExactly(org.riskbench.core.model.JobStatus.SUCCEEDED);
    }

    /** What the Models table shows in a column for a version. */
    private static String cell(TableView<RetrainingService.ModelView> table, String column, RetrainingService.ModelView row) {
        return table.getColumns().stream().filter(c -> column.equals(c.getText())).findFirst().orElseThrow()
                .getCellData(row).toString();
    }

    /** Every file under the workspace's models folder. */
    private static List<Path> bundleFiles() throws java.io.IOException {
        Path dir = window.app().workspace().modelsDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static String[] cells(FxRobot robot) {
        String[] ids = {"#confusionTP", "#confusionFN", "#confusionFP", "#confusionTN"};
        String[] out = new String[4];
        for (int k = 0; k < 4; k++) {
            out[k] = robot.lookup(ids[k]).queryAs(Label.class).getText();
        }
        return out;
    }

    /** Opens a combo box and clicks the item with that text in its list. */
    private static void pick(FxRobot robot, String combo, String item) throws Exception {
        FxClicks.on(robot, combo);
        java.util.function.Predicate<Node> inPopup = n -> n instanceof ListCell<?> c && item.equals(c.getText()) && c.isVisible()
                && c.getScene() != null && c.getScene().getWindow() instanceof javafx.stage.PopupWindow;
        FxWait.until(5, TimeUnit.SECONDS, () -> robot.lookup(inPopup).tryQuery().isPresent());
        FxClicks.on(robot, robot.lookup(inPopup).queryAs(ListCell.class));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
