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
import org.riskbench.testsupport.TestWindows;
import org.riskbench.ui.shell.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Models screen's new-model flow on the shipped churn table, clicked through: the table previewed with its types,
 * the target and learner picked, training followed as a job, then the evaluation view with both baselines on its curves
 * and a confusion matrix that follows the threshold.
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
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> window.app() != null && robot.lookup("#runsTable").tryQuery().isPresent());
        javafx.scene.control.Button newModel = robot.lookup("#newModelButton").queryButton();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> newModel.getScene() != null && !newModel.isDisabled());
        robot.clickOn(newModel);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#csvPathField").tryQuery().isPresent());

        Path churn = Path.of("sample-data/classification/churn.csv").toAbsolutePath();
        robot.clickOn("#csvPathField").write(churn.toString()).type(KeyCode.ENTER);
        TableView<List<String>> preview = robot.lookup("#newModelPreview").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !preview.getItems().isEmpty());
        // each column under its inferred type
        assertThat(preview.getColumns().stream().map(c -> c.getText()).toList()).contains("tenure\ninteger", "monthly_charges\ndecimal");

        pick(robot, "#targetCombo", "churn");
        pick(robot, "#positiveCombo", "Yes");
        pick(robot, "#learnerCombo", "gbdt");
        assertThat(robot.lookup("#featuresList").queryAs(org.controlsfx.control.CheckListView.class).getItems()).doesNotContain("churn");

        robot.clickOn("#trainModelButton");
        // training is a job: the window follows it, then the evaluation view opens
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> robot.lookup("#rocChart").tryQuery().isPresent());
        Label status = robot.lookup("#trainStatus").queryAs(Label.class);
        assertThat(status.getText()).startsWith("Model g-").endsWith(" trained.");

        for (String chart : List.of("#rocChart", "#prChart")) {
            LineChart<Number, Number> c = robot.lookup(chart).queryAs(LineChart.class);
            assertThat(c.getData().stream().map(s -> s.getName()).toList())
                    .containsExactly("gbdt (this model)", "majority class (baseline)", "plain logistic (baseline)");
            assertThat(c.getData()).allMatch(s -> s.getData().size() >= 2);
        }
        assertThat(robot.lookup("#calibrationChart").queryAs(LineChart.class).getData()).hasSize(2);
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
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> models.getItems().stream().anyMatch(m -> m.version().startsWith("g-")));
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
        robot.clickOn(combo);
        java.util.function.Predicate<Node> inPopup = n -> n instanceof ListCell<?> c && item.equals(c.getText()) && c.isVisible()
                && c.getScene() != null && c.getScene().getWindow() instanceof javafx.stage.PopupWindow;
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup(inPopup).tryQuery().isPresent());
        robot.clickOn(robot.lookup(inPopup).queryAs(ListCell.class));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
